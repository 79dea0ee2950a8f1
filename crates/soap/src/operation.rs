//! Operations: each SGP.02 function's body element names and `wsa:Action` URIs, and the
//! message exchange around them.
//!
//! ```text
//! request      Action = request_action           body = <gsma:{Function}>
//! sync reply   Action = response_action()        body = <gsma:{Function}Response>,
//!              RelatesTo = request MessageID     in the HTTP response (ReplyTo anonymous)
//! callback     Action = callback_action          body = <gsma:{Function}Response>,
//!              RelatesTo = request MessageID     sent to the request's ReplyTo
//! notification Action = request_action           body = <gsma:Handle…Notification>, one way
//! ```
//!
//! `request_action` and `callback_action` are the URIs of the public SGP.02 WSDLs
//! (`http://gsma.com/{If}/{Group}/{If}-{Function}`, callbacks under `{Group}CallBack`), their
//! spelling `ProfileManagent` included: it is what deployed peers send. On input an action
//! matches ignoring ASCII case and with `ProfileManagement` read as `ProfileManagent`, so a
//! peer that corrected either is understood. `response_action()` is the WS-Addressing 1.0
//! Metadata 4.4.4 default for the WSDL output, which is what those WSDLs declare for it.

use crate::envelope::{Addressing, Envelope, EnvelopeError};
use crate::message::{MessageError, Parts};
use crate::ns;
use crate::xml::Element;

/// The off-card interfaces of SGP.02 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interface {
    /// EUM → SM-SR (SGP.02 5.2).
    Es1,
    /// MNO ↔ SM-DP (SGP.02 5.3).
    Es2,
    /// SM-DP ↔ SM-SR (SGP.02 5.4).
    Es3,
    /// MNO/M2M SP ↔ SM-SR (SGP.02 5.5).
    Es4,
    /// SM-SR ↔ SM-SR (SGP.02 5.6).
    Es7,
}

impl Interface {
    /// `ES1` ... `ES7`, as in the action URIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Interface::Es1 => "ES1",
            Interface::Es2 => "ES2",
            Interface::Es3 => "ES3",
            Interface::Es4 => "ES4",
            Interface::Es7 => "ES7",
        }
    }
}

/// One function of one interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The interface.
    pub interface: Interface,
    /// The function's name, which is also the request's body element.
    pub function: &'static str,
    /// `wsa:Action` of the request (or of the notification).
    pub request_action: &'static str,
    /// `wsa:Action` of the asynchronous response; `None` for a one-way notification or a
    /// function answered only synchronously.
    pub callback_action: Option<&'static str>,
}

impl Operation {
    /// An operation of `interface`.
    pub const fn new(
        interface: Interface,
        function: &'static str,
        request_action: &'static str,
        callback_action: Option<&'static str>,
    ) -> Operation {
        Operation {
            interface,
            function,
            request_action,
            callback_action,
        }
    }

    /// The body element of the response (`{Function}Response`).
    pub fn response_element(&self) -> String {
        format!("{}Response", self.function)
    }

    /// `wsa:Action` of the synchronous response (WS-Addressing 1.0 Metadata 4.4.4:
    /// `{targetNamespace}/{portType}/{output name}`).
    pub fn response_action(&self) -> String {
        format!(
            "{}/{}/{}Response",
            ns::GSMA,
            self.interface.as_str(),
            self.function
        )
    }

    /// The request envelope: `addressing` with this operation's action.
    pub fn request<M: Parts>(&self, addressing: Addressing, msg: &M) -> Envelope {
        Direction::Request.envelope(self, addressing, msg)
    }

    /// The synchronous response to `request`, to go in the HTTP response.
    pub fn response<M: Parts>(
        &self,
        request: &Addressing,
        message_id: impl Into<String>,
        msg: &M,
    ) -> Envelope {
        let addressing = Addressing::reply(request, message_id, &self.response_action());
        Envelope::new(addressing, write_body(&self.response_element(), msg))
    }

    /// The asynchronous response to `request`, to be sent to its `ReplyTo`.
    pub fn callback<M: Parts>(
        &self,
        request: &Addressing,
        message_id: impl Into<String>,
        msg: &M,
    ) -> Envelope {
        let action = self.callback_action.unwrap_or(self.request_action);
        let addressing = Addressing::reply(request, message_id, action);
        Direction::Callback.envelope(self, addressing, msg)
    }

    /// Reads this operation's response from an envelope received synchronously or as a
    /// callback. The action is not checked (the response is correlated by `RelatesTo`);
    /// a fault comes back as [`MessageError::Fault`].
    ///
    /// # Errors
    ///
    /// [`MessageError`] for a fault or a refused body.
    pub fn decode_response<M: Parts>(&self, env: &Envelope) -> Result<M, MessageError> {
        if let Some(fault) = env.fault() {
            return Err(MessageError::Fault(fault));
        }
        Direction::Callback.read_body(self, &env.body)
    }
}

/// The messages one endpoint receives, dispatched on `wsa:Action` (the `…Request` and
/// `…Callback` enums of each interface).
pub trait Dispatch: Sized {
    /// The operations and directions this endpoint takes.
    const OPERATIONS: &'static [(&'static Operation, Direction)];

    /// Decodes a received envelope by its `wsa:Action`.
    ///
    /// # Errors
    ///
    /// [`MessageError`] when `wsa:Action` is absent or names no operation here, or the body
    /// is refused.
    fn decode(env: &Envelope) -> Result<Self, MessageError>;

    /// The operation and direction of this message.
    fn operation(&self) -> (&'static Operation, Direction);

    /// The envelope carrying this message, `wsa:Action` set from its operation.
    fn encode(&self, addressing: Addressing) -> Envelope;

    /// The operation a received `action` names here, if any.
    fn operation_of(action: &str) -> Option<(&'static Operation, Direction)> {
        Self::OPERATIONS
            .iter()
            .find(|(op, dir)| dir.matches(op, action))
            .copied()
    }
}

/// Whether a message is an operation's request or its response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The request (or a notification).
    Request,
    /// The (asynchronous) response.
    Callback,
}

impl Direction {
    /// The action URI of `op` in this direction.
    pub fn action(self, op: &Operation) -> &'static str {
        match self {
            Direction::Request => op.request_action,
            Direction::Callback => op.callback_action.unwrap_or(op.request_action),
        }
    }

    /// Whether a received `action` is `op`'s in this direction.
    pub fn matches(self, op: &Operation, action: &str) -> bool {
        match (self, op.callback_action) {
            (Direction::Callback, None) => false,
            _ => fold_action(self.action(op)) == fold_action(action),
        }
    }

    /// The body element's local name.
    pub fn element(self, op: &Operation) -> String {
        match self {
            Direction::Request => op.function.to_owned(),
            Direction::Callback => op.response_element(),
        }
    }

    /// The envelope for `msg`, `addressing` with the action of `op` in this direction.
    pub fn envelope<M: Parts>(
        self,
        op: &Operation,
        mut addressing: Addressing,
        msg: &M,
    ) -> Envelope {
        addressing.action = Some(self.action(op).to_owned());
        Envelope::new(addressing, write_body(&self.element(op), msg))
    }

    /// Reads the body of `op` in this direction.
    ///
    /// # Errors
    ///
    /// [`MessageError`] for a body in another namespace, another element, or refused parts.
    pub fn read_body<M: Parts>(self, op: &Operation, body: &Element) -> Result<M, MessageError> {
        if body.namespace.as_deref() != Some(ns::GSMA) {
            return Err(MessageError::WrongNamespace {
                name: body.name.clone(),
                namespace: body.namespace.clone(),
            });
        }
        let expected = self.element(op);
        // njiwa names some request operations `{Function}Request` (ES4 SM-SR change, ES7).
        let alias =
            self == Direction::Request && body.name.strip_suffix("Request") == Some(op.function);
        if body.name != expected && !alias {
            return Err(MessageError::UnexpectedBody {
                expected,
                found: body.name.clone(),
            });
        }
        // JAX-WS peers wrap an rpc response's parts in the `return` part.
        match body.children.as_slice() {
            [only] if only.name == "return" => M::read_parts(only),
            _ => M::read_parts(body),
        }
    }
}

/// The body element `{GSMA}name` holding `msg`'s parts.
pub fn write_body<M: Parts>(name: &str, msg: &M) -> Element {
    let mut el = Element::qualified(ns::GSMA, name);
    msg.write_parts(&mut el);
    el
}

/// `wsa:Action` of a received envelope, required (WS-Addressing 1.0 SOAP Binding 6.4.2).
///
/// # Errors
///
/// [`EnvelopeError::MessageAddressingHeaderRequired`] when absent.
pub fn require_action(env: &Envelope) -> Result<&str, EnvelopeError> {
    env.action()
        .filter(|a| !a.is_empty())
        .ok_or(EnvelopeError::MessageAddressingHeaderRequired("Action"))
}

fn fold_action(action: &str) -> String {
    action
        .trim()
        .to_ascii_lowercase()
        .replace("profilemanagement", "profilemanagent")
}
