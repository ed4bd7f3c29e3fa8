-- Every session cookie carries its user's security stamp; signing out, changing the password or
-- being deactivated gives the user a new one, which ends all their sessions at once.
-- Existing users get a random stamp, so cookies issued before this version stop working once.
ALTER TABLE "users" ADD COLUMN "security_stamp" TEXT NOT NULL DEFAULT '';
UPDATE "users" SET "security_stamp" = lower(hex(randomblob(16)));
