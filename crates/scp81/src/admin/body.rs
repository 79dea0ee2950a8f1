//! Message bodies: sent with a `Content-Length` or chunked (RFC 9112 6.1, 7.1), and read
//! up to a limit.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Limited};

use super::AdminError;

/// A whole body sent in one frame, framed with a `Content-Length` or chunked.
///
/// Amendment B lets either framing carry a script; cards have been seen that read only
/// chunked bodies, so both sides here can send both.
#[derive(Debug, Default)]
pub struct AdminBody {
    data: Option<Bytes>,
    chunked: bool,
}

impl AdminBody {
    /// A body sent with a `Content-Length`.
    pub fn sized(data: impl Into<Bytes>) -> AdminBody {
        AdminBody {
            data: Some(data.into()),
            chunked: false,
        }
    }

    /// A body sent with `Transfer-Encoding: chunked` (its size is not announced).
    pub fn chunked(data: impl Into<Bytes>) -> AdminBody {
        AdminBody {
            data: Some(data.into()),
            chunked: true,
        }
    }

    /// No body.
    pub fn empty() -> AdminBody {
        AdminBody::sized(Bytes::new())
    }
}

impl Body for AdminBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = self.data.take().filter(|d| !d.is_empty()).map(Frame::data);
        Poll::Ready(frame.map(Ok))
    }

    fn is_end_stream(&self) -> bool {
        self.data.as_ref().is_none_or(Bytes::is_empty)
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.chunked) {
            (_, true) => SizeHint::default(),
            (Some(d), false) => SizeHint::with_exact(d.len() as u64),
            (None, false) => SizeHint::with_exact(0),
        }
    }
}

/// Reads `body` whole, refusing more than `max` octets and a body that stalls for
/// `idle` (a safety net, not a measure).
pub(crate) async fn read_bounded<B>(
    body: B,
    max: usize,
    idle: Duration,
) -> Result<Bytes, AdminError>
where
    B: Body<Data = Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let collect = Limited::new(body, max).collect();
    match tokio::time::timeout(idle, collect).await {
        Err(_) => Err(AdminError::Timeout),
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(AdminError::BodyTooLarge(max))
        }
        Ok(Err(e)) => Err(AdminError::Body(e.to_string())),
    }
}
