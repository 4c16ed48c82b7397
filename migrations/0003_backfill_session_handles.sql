-- Sessions from before access tokens named them by handle: give each a random one.
UPDATE `sessions` SET `handle` = lower(hex(randomblob(16))) WHERE `handle` IS NULL;
