-- The private connection (issue 21): the provider's forward proxy, for enrolled devices only.
--
-- proxy_credentials: short-lived proxy passwords a device fetches from the shopper API
-- (POST /v1/shopper/proxy-credentials). Only a keyed hash is stored (HMAC under the
-- master key's 'proxy-credential' subkey, crypto/keys.ts), so a database dump holds no
-- usable password. A credential answers only while its device is not revoked and it
-- has not expired; rows past expiry are pruned by the sweeper.
CREATE TABLE proxy_credentials (
  hash bytea PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices(id),
  shopper_id text NOT NULL REFERENCES shoppers(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX proxy_credentials_expiry ON proxy_credentials (expires_at);
CREATE INDEX proxy_credentials_device ON proxy_credentials (device_id);

-- proxy_usage: what the proxy keeps of its traffic, per device, destination host and day:
-- connections and bytes, never paths, queries or bodies. The first row of a (device,
-- host, day) is what records the audit event "private connection used at <host>", so
-- that event is written once per host per day, whichever provider process saw it.
CREATE TABLE proxy_usage (
  device_id text NOT NULL REFERENCES devices(id),
  host text NOT NULL,
  day date NOT NULL,
  connections bigint NOT NULL DEFAULT 0 CHECK (connections >= 0),
  bytes_up bigint NOT NULL DEFAULT 0 CHECK (bytes_up >= 0),
  bytes_down bigint NOT NULL DEFAULT 0 CHECK (bytes_down >= 0),
  PRIMARY KEY (device_id, day, host)
);
