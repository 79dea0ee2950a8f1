//! Response codes between ESipa's HTTPS binding and its CoAP binding (RFC 8075 7: the
//! HTTP-CoAP mapping; RFC 7252 5.9 for what each CoAP code means).

use coap_lite::ResponseType;

/// The CoAP code for an HTTP status: a success is 2.04 Changed (the answer to a POST that
/// created nothing, RFC 7252 5.9.1.4), errors by their RFC 8075 7 counterparts, any other
/// failure 5.00.
pub fn coap_code(status: u16) -> ResponseType {
    match status {
        200..=299 => ResponseType::Changed,
        400 => ResponseType::BadRequest,
        401 => ResponseType::Unauthorized,
        403 => ResponseType::Forbidden,
        404 => ResponseType::NotFound,
        405 => ResponseType::MethodNotAllowed,
        413 => ResponseType::RequestEntityTooLarge,
        415 => ResponseType::UnsupportedContentFormat,
        502 => ResponseType::BadGateway,
        503 => ResponseType::ServiceUnavailable,
        504 => ResponseType::GatewayTimeout,
        _ => ResponseType::InternalServerError,
    }
}

/// The HTTP status for a CoAP code: every 2.xx is 200 (an empty one reads as the binding's
/// 204), errors by their RFC 8075 7 counterparts, any other 500.
pub fn http_status(code: ResponseType) -> u16 {
    use ResponseType as R;
    match code {
        R::Changed | R::Content | R::Created | R::Valid | R::Deleted => 200,
        R::BadRequest | R::BadOption | R::RequestEntityIncomplete => 400,
        R::Unauthorized => 401,
        R::Forbidden => 403,
        R::NotFound => 404,
        R::MethodNotAllowed => 405,
        R::RequestEntityTooLarge => 413,
        R::UnsupportedContentFormat => 415,
        R::BadGateway => 502,
        R::ServiceUnavailable => 503,
        R::GatewayTimeout => 504,
        _ => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8075_7_the_binding_statuses_go_both_ways() {
        for status in [200, 400, 401, 403, 404, 405, 413, 415, 500, 502, 503, 504] {
            assert_eq!(http_status(coap_code(status)), status, "{status}");
        }
        assert_eq!(coap_code(204), ResponseType::Changed);
        assert_eq!(http_status(ResponseType::Content), 200);
        assert_eq!(coap_code(418), ResponseType::InternalServerError);
    }
}
