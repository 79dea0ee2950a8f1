-- The interface a Handle*Notification goes over (SGP.02 5.4, 5.5): ES4 to the profile's
-- operator, ES3 to the SM-DP that downloaded it (which forwards it over ES2).
ALTER TABLE mno_notifications ADD COLUMN interface TEXT NOT NULL DEFAULT 'ES4';
