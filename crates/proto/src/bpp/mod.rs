//! Binding a profile to one eUICC: building the Bound Profile Package (SGP.22 2.5.4, 5.5) from
//! the pieces an SM-DP+ holds. Codec and cryptography only: which profile, which session and
//! every check belong to the roles.

mod bind;

pub use bind::{
    BindError, BindRequest, BoundPackage, ProfileSource, bind_profile_package, protect_profile,
};
