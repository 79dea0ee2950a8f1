//! Reading PDUs off a byte stream and writing them to it (SMPP 3.4 3.2: each PDU begins
//! with its command_length).

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::pdu::{HEADER_LEN, Header, MAX_COMMAND_LENGTH, Pdu};

/// One PDU as read: its header and its body octets, not yet decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The decoded header.
    pub header: Header,
    /// The octets after the header (command_length - 16 of them).
    pub body: Vec<u8>,
}

/// Why no frame could be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The peer closed the stream, possibly inside a PDU.
    #[error("the peer closed the connection")]
    Closed,
    /// command_length below 16 or above [`MAX_COMMAND_LENGTH`]: the stream cannot be
    /// resynchronised, so the connection ends after a generic_nack (ESME_RINVCMDLEN).
    #[error("command_length {} is outside 16..={MAX_COMMAND_LENGTH}", .0.command_length)]
    CommandLength(Header),
    /// The socket failed.
    #[error("socket: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads one PDU: the 16-octet header, then command_length - 16 octets of body, never more
/// than [`MAX_COMMAND_LENGTH`].
pub async fn read_frame<R: AsyncRead + Unpin>(reader: &mut R) -> Result<Frame, FrameError> {
    let mut head = [0u8; HEADER_LEN];
    read_exact(reader, &mut head).await?;
    let header = Header::decode(&head);
    let Some(body_len) = usize::try_from(header.command_length)
        .ok()
        .filter(|_| header.command_length <= MAX_COMMAND_LENGTH)
        .and_then(|n| n.checked_sub(HEADER_LEN))
    else {
        return Err(FrameError::CommandLength(header));
    };
    let mut body = vec![0u8; body_len];
    read_exact(reader, &mut body).await?;
    Ok(Frame { header, body })
}

async fn read_exact<R: AsyncRead + Unpin>(
    reader: &mut R,
    buf: &mut [u8],
) -> Result<(), FrameError> {
    match reader.read_exact(buf).await {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(FrameError::Closed),
        Err(e) => Err(FrameError::Io(e)),
    }
}

/// Writes already-encoded PDU octets and flushes them.
pub async fn write_octets<W: AsyncWrite + Unpin>(
    writer: &mut W,
    octets: &[u8],
) -> std::io::Result<()> {
    writer.write_all(octets).await?;
    writer.flush().await
}

/// Encodes and writes one PDU; a PDU that cannot be encoded is reported, nothing written.
pub async fn write_pdu<W: AsyncWrite + Unpin>(writer: &mut W, pdu: &Pdu) -> Result<(), WriteError> {
    let octets = pdu.encode()?;
    Ok(write_octets(writer, &octets).await?)
}

/// Why a PDU was not written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A field exceeds its SMPP 3.4 maximum.
    #[error(transparent)]
    Encode(#[from] crate::pdu::EncodeError),
    /// The socket failed.
    #[error("socket: {0}")]
    Io(#[from] std::io::Error),
}
