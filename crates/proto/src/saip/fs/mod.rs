//! File-system PEs built on the templates of the TCA eUICC Profile Package (MF, USIM, ISIM,
//! CSIM, DF.5GS …): a PE header, the template OID, then one [`File`] per file of the template
//! that the profile creates or changes.
//!
//! Every such PE shares the shape `{ header, templateID, files… }`, so they all implement
//! [`FileSystemPe`], which lists the files present by their ASN.1 component names.

use crate::der::Oid;
use crate::saip::{File, PEHeader};

/// Common view of the template-based file-system PEs.
pub trait FileSystemPe {
    /// The PE header (identification number, mandated flag).
    fn header(&self) -> &PEHeader;
    /// The template the PE instantiates (`2.23.143.1.2.x`).
    fn template_id(&self) -> &Oid;
    /// The files present in the PE, by ASN.1 component name (`"ef-imsi"`), in order.
    fn files(&self) -> Vec<(&'static str, &File)>;
    /// Mutable access to the files present in the PE.
    fn files_mut(&mut self) -> Vec<(&'static str, &mut File)>;

    /// The file with the given component name, if present.
    fn file(&self, name: &str) -> Option<&File> {
        self.files()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f)
    }
}

/// Uniform access to mandatory (`File`) and OPTIONAL (`Option<File>`) components.
pub trait FileSlot {
    fn slot(&self) -> Option<&File>;
    fn slot_mut(&mut self) -> Option<&mut File>;
}

impl FileSlot for File {
    fn slot(&self) -> Option<&File> {
        Some(self)
    }
    fn slot_mut(&mut self) -> Option<&mut File> {
        Some(self)
    }
}

impl FileSlot for Option<File> {
    fn slot(&self) -> Option<&File> {
        self.as_ref()
    }
    fn slot_mut(&mut self) -> Option<&mut File> {
        self.as_mut()
    }
}

/// Implements [`FileSystemPe`] for a PE struct with `header`, `template_id` and the listed
/// file components (Rust field: ASN.1 name).
macro_rules! impl_file_system_pe {
    ($ty:ident { $($field:ident: $name:literal),* $(,)? }) => {
        impl $crate::saip::FileSystemPe for $ty {
            fn header(&self) -> &$crate::saip::PEHeader {
                &self.header
            }
            fn template_id(&self) -> &$crate::der::Oid {
                &self.template_id
            }
            fn files(&self) -> ::std::vec::Vec<(&'static str, &$crate::saip::File)> {
                let mut v = ::std::vec::Vec::new();
                $(
                    if let Some(f) = $crate::saip::fs::FileSlot::slot(&self.$field) {
                        v.push(($name, f));
                    }
                )*
                v
            }
            fn files_mut(&mut self) -> ::std::vec::Vec<(&'static str, &mut $crate::saip::File)> {
                let mut v = ::std::vec::Vec::new();
                $(
                    if let Some(f) = $crate::saip::fs::FileSlot::slot_mut(&mut self.$field) {
                        v.push(($name, f));
                    }
                )*
                v
            }
        }
    };
}

mod csim;
mod eap;
mod iot;
mod isim;
mod mf;
mod telecom;
mod usim;
mod usim_dfs;

pub use csim::{PECSIM, PEOPTCSIM};
pub use eap::PEEAP;
pub use iot::{PEIoT, PEOPTIoT};
pub use isim::{PEISIM, PEOPTISIM};
pub use mf::{PECD, PEMF};
pub use telecom::{PEPHONEBOOK, PETELECOM};
pub use usim::{PEOPTUSIM, PEUSIM};
pub use usim_dfs::{PEDF5GPROSE, PEDF5GS, PEDFSAIP, PEDFSNPN, PEGSMACCESS};
