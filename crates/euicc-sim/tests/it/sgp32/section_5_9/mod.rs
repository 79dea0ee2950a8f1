//! SGP.32 5.9: the ES10b functions of the IoT eUICC.

mod eim_and_device_functions;
mod load_euicc_package;
mod robustness;
mod rollback_and_fallback;
mod v1_3;
