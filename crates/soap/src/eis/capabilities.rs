//! `EuiccCapabilities` (part of the EUM-signed EIS, SGP.02 3.9): the transport and secure-packet versions the
//! eUICC supports.

record! {
    /// `EuiccCapabilities`.
    pub struct EuiccCapabilities {
        /// `CattpSupport`: CAT_TP (ETSI TS 102 127) is supported.
        cattp_support: bool => "CattpSupport",
        /// `CattpVersion`.
        cattp_version: Option<String> => "CattpVersion",
        /// `HttpSupport`: HTTPS (SCP81, GP Amendment B) is supported.
        http_support: bool => "HttpSupport",
        /// `HttpVersion`.
        http_version: Option<String> => "HttpVersion",
        /// `SecurePacketVersion`: ETSI TS 102 225 release.
        secure_packet_version: Option<String> => "SecurePacketVersion",
        /// `RemoteProvisioningVersion`: the SGP.02 version.
        remote_provisioning_version: Option<String> => "RemoteProvisioningVersion",
    }
}
