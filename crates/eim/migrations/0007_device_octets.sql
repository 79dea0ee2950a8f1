-- rsp-lab eIM schema, version 7 (SQLite and PostgreSQL): the certificates and EUICCInfo
-- of a device (about 2.5 KiB, written at registration and read to verify what the eUICC
-- signs) move out of its row, which every poll updates. With them inline, setting the
-- time a device was seen rewrote all its octets (SQLite rebuilds the whole record) and a
-- 4 KiB page held one device; now a page holds a dozen, and the octets are read only by
-- the functions that need them.

CREATE TABLE device_octets (
    eid TEXT PRIMARY KEY,                -- devices.eid
    euicc_cert BLOB,                     -- CERT.EUICC.ECDSA, DER
    eum_cert BLOB,                       -- CERT.EUM.ECDSA, DER
    euicc_info1 BLOB,                    -- EUICCInfo1 (BF20), DER
    euicc_info2 BLOB                     -- SGP32-EUICCInfo2 (BF22), DER
);
INSERT INTO device_octets (eid, euicc_cert, eum_cert, euicc_info1, euicc_info2)
    SELECT eid, euicc_cert, eum_cert, euicc_info1, euicc_info2 FROM devices;
ALTER TABLE devices DROP COLUMN euicc_cert;
ALTER TABLE devices DROP COLUMN eum_cert;
ALTER TABLE devices DROP COLUMN euicc_info1;
ALTER TABLE devices DROP COLUMN euicc_info2;
