-- The quoted history of an inbound mail, kept apart from what the sender wrote now (the message's
-- body), so the console shows the new text with the history collapsed but available.
ALTER TABLE mail_records ADD quoted_text text NULL;
ALTER TABLE mail_records ADD quoted_html text NULL;
