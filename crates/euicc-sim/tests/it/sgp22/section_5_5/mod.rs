//! SGP.22 5.5: ES8+ (SM-DP+ – eUICC), the bound profile package.

mod store_metadata_encoding;
