//! SGP.22 5.7: ES10a/b/c (LPA – eUICC).

mod authenticate_server;
mod load_bound_profile_package;
mod notifications_and_info;
mod prepare_download;
mod profile_management;
mod ts48_profile_lifecycle;
