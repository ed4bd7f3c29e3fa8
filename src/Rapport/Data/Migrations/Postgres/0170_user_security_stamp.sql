-- Every session cookie carries its user's security stamp; signing out, changing the password or
-- being deactivated gives the user a new one, which ends all their sessions at once.
-- The volatile default gives each existing user a random stamp (so cookies issued before this
-- version stop working once) and still fills rows written by plain SQL.
ALTER TABLE users ADD security_stamp character varying(32) NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
