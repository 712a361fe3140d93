-- Signing keys rotate: a key is published first (activated_at NULL: the next key), then signs (the newest activated
-- key without retire_after: the current key), then is published only until retire_after, when no token it signed
-- can still be valid. Keys stored before rotation existed were signing keys.
ALTER TABLE identity.signing_key ADD COLUMN activated_at TIMESTAMPTZ, ADD COLUMN retire_after TIMESTAMPTZ;
UPDATE identity.signing_key SET activated_at = created_at;
