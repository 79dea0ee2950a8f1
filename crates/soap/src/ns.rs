//! The namespace names the binding reads and writes.

/// SOAP 1.1 envelope (W3C Note SOAP 1.1, 4.1.2), the binding's version: the SGP.02 WSDLs in
/// public use bind with `wsdl/soap/` (WSDL 1.1 3), i.e. SOAP 1.1.
pub const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope (SOAP 1.2 Part 1, 5.1), accepted on input and answered in kind.
pub const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";
/// WS-Addressing 1.0 (W3C Recommendation, Core 1 and SOAP Binding 2).
pub const WSA: &str = "http://www.w3.org/2005/08/addressing";
/// The namespace njiwa's WSDLs put the addressing headers in (the WS-Addressing Metadata
/// namespace, by mistake); read as an alias of [`WSA`] so such a peer is understood, never
/// written.
pub const WSA_NJIWA: &str = "http://www.w3.org/2007/05/addressing/metadata";
/// The SGP.02 message namespace (the `targetNamespace` of the ES1–ES7 WSDLs).
pub const GSMA: &str = "http://namespaces.gsma.org/esim-messaging/1";
/// XML Signature (the EIS's `Signature`).
pub const XMLDSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// The `xml:` prefix's namespace (Namespaces in XML 1.0 3), bound without declaration.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The prefixes the writer declares.
pub(crate) const PREFIXES: &[(&str, &str)] = &[
    (SOAP11_ENVELOPE, "S"),
    (SOAP12_ENVELOPE, "env"),
    (WSA, "wsa"),
    (GSMA, "gsma"),
    (XMLDSIG, "ds"),
    (XML, "xml"),
];
