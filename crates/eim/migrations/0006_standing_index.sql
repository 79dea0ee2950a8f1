-- rsp-lab eIM schema, version 6 (SQLite and PostgreSQL): the country index also carries
-- what the counts of the fleet read of a device (localized_country, country_since), so counting
-- the fleet per country is a scan of the index alone. A device row holds about 2.5 KiB of
-- certificates and EUICCInfo (a 4 KiB page per device); a scan of the table read every
-- page of it. The leading columns stay (last_country, eid): the device list is still
-- filtered by country and paged by EID in index order.

DROP INDEX devices_by_country;
CREATE INDEX devices_by_country ON devices (last_country, eid, localized_country, country_since);
