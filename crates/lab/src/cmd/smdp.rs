//! `rsp-lab smdp`: run the SM-DP+ alone and manage its inventory.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::serve_flags::ServeFlags;

use sm_dp::{
    IconError, InventoryAdd, InventoryError, OrderSelector, OrderTerms, OrderTermsError, Ppr,
    PprError, ServeOptions, StartError, Template, add_inventory_at, set_order_terms_at,
    set_profile_icon_at, set_profile_policy_rules_at,
};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SM-DP+ (ES9+ and ES2+) until Ctrl-C.
    Serve(ServeArgs),
    /// Profile inventory.
    #[command(subcommand)]
    Inventory(Inventory),
    /// Download orders.
    #[command(subcommand)]
    Order(Order),
    /// The SGP.02 SM-DP's ES2, as an operator calls it (SOAP, mutual TLS).
    Es2(super::smdp_es2::Es2Args),
}

/// The options of `rsp-lab smdp serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Data directory (database, generated PKI when none is given).
    #[arg(long, default_value = "rsp-lab-data/smdp")]
    data: PathBuf,
    #[command(flatten)]
    server: ServeFlags,
    /// An SGP.26-layout directory with DPauth, DPpb, DPtls keys and trusted CIs.
    #[arg(long, conflicts_with = "pki")]
    credentials: Option<PathBuf>,
    /// The SM-DP+ address LPAs send (FQDN, optionally with a port).
    #[arg(long)]
    address: Option<String>,
    /// ES9+ listener (default 127.0.0.1:8443).
    #[arg(long)]
    es9_listen: Option<SocketAddr>,
    /// ES2+ listener (default 127.0.0.1:8444).
    #[arg(long)]
    es2_listen: Option<SocketAddr>,
    /// The SM-DP+ OID (default: the registeredID of CERT.DPauth.ECDSA).
    #[arg(long)]
    oid: Option<String>,
}

impl From<ServeArgs> for ServeOptions {
    fn from(a: ServeArgs) -> Self {
        ServeOptions {
            server: a.server.with_data(a.data),
            credentials_dir: a.credentials,
            address: a.address,
            es9_listen: a.es9_listen,
            es2_listen: a.es2_listen,
            oid: a.oid,
        }
    }
}

#[derive(clap::Subcommand)]
pub(crate) enum Order {
    /// Set an open order's own terms (after ES2+ ConfirmOrder, which sets its validity from
    /// the policy's order_ttl): until when it may be downloaded and how many download
    /// attempts (AuthenticateClient successes) it allows.
    Set {
        /// The order's Matching ID.
        #[arg(long, conflicts_with = "iccid", required_unless_present = "iccid")]
        matching_id: Option<String>,
        /// The ICCID of the order's profile.
        #[arg(long)]
        iccid: Option<String>,
        /// End of the order's validity (RFC 3339, e.g. 2020-01-01T00:00:00Z); past it
        /// AuthenticateClient answers 8.8.5/4.10.
        #[arg(long, value_parser = parse_rfc3339)]
        valid_until: Option<time::OffsetDateTime>,
        /// Download attempts the order allows (instead of the policy's
        /// max_download_attempts); once made, AuthenticateClient answers 8.8.5/6.4. 0: none.
        #[arg(long)]
        max_attempts: Option<u32>,
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
    },
}

fn parse_rfc3339(s: &str) -> Result<time::OffsetDateTime, SmdpCmdError> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(
        |source| SmdpCmdError::Time {
            given: s.to_string(),
            source,
        },
    )
}

#[derive(clap::Subcommand)]
pub(crate) enum Inventory {
    /// Add COUNT profiles of a type, personalized from a template.
    Add {
        #[arg(long = "type")]
        profile_type: String,
        /// Profile package template (e.g. a TS.48 file); the built-in minimal profile if absent.
        #[arg(long)]
        template: Option<PathBuf>,
        #[arg(long)]
        count: u32,
        #[arg(long)]
        iccid_start: String,
        #[arg(long)]
        imsi_start: String,
        /// Owning operator (its ES2+ client certificate's name).
        #[arg(long)]
        operator: Option<String>,
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
    },
    /// Set the icon of a profile type (SGP.22 5.5.3: a PNG or JPEG of at most 1024 octets),
    /// carried in the metadata of its downloads from now on; no --file removes it.
    Icon {
        #[arg(long = "type")]
        profile_type: String,
        /// The image file.
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
    },
    /// Set the Profile Policy Rules of a profile type (SGP.22 2.9.1), carried in the
    /// metadata of its downloads from now on; an eUICC that forbids one of them
    /// (EUICCInfo2 forbiddenProfilePolicyRules) is refused with 8.2.5/4.3. No --ppr: none.
    Rules {
        #[arg(long = "type")]
        profile_type: String,
        /// ppr1 (disabling not allowed) or ppr2 (deletion not allowed); repeat for both.
        #[arg(long, value_parser = ["ppr1", "ppr2"])]
        ppr: Vec<String>,
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), SmdpCmdError> {
    if let Command::Es2(a) = cmd {
        return Ok(super::smdp_es2::run(a)?);
    }
    let rt = crate::runtime()?;
    match cmd {
        Command::Serve(args) => Ok(rt.block_on(sm_dp::serve(&args.into()))?),
        Command::Inventory(c) => inventory(&rt, c),
        Command::Order(c) => order(&rt, c),
        Command::Es2(_) => Ok(()),
    }
}

/// `rsp-lab smdp inventory …`.
fn inventory(rt: &tokio::runtime::Runtime, cmd: Inventory) -> Result<(), SmdpCmdError> {
    match cmd {
        Inventory::Add {
            profile_type,
            template,
            count,
            iccid_start,
            imsi_start,
            operator,
            data,
            database,
        } => {
            std::fs::create_dir_all(&data).map_err(|source| SmdpCmdError::Io {
                path: data.clone(),
                source,
            })?;
            let req = InventoryAdd {
                profile_type,
                template: template.map_or(Template::Minimal, Template::File),
                count,
                iccid_start,
                imsi_start,
                operator,
                service_provider_name: None,
                profile_name: None,
            };
            let report = rt.block_on(add_inventory_at(&database_url(database, &data), &req))?;
            println!(
                "added {} profiles of type {} (operator {}): {} .. {}",
                report.iccids.len(),
                report.profile_type,
                report.operator,
                report.iccids.first().map(String::as_str).unwrap_or("-"),
                report.iccids.last().map(String::as_str).unwrap_or("-")
            );
            Ok(())
        }
        Inventory::Icon {
            profile_type,
            file,
            data,
            database,
        } => set_icon(rt, &profile_type, file, &database_url(database, &data)),
        Inventory::Rules {
            profile_type,
            ppr,
            data,
            database,
        } => {
            let rules: Vec<Ppr> = ppr
                .iter()
                .map(|p| if p == "ppr1" { Ppr::Ppr1 } else { Ppr::Ppr2 })
                .collect();
            let url = database_url(database, &data);
            rt.block_on(set_profile_policy_rules_at(&url, &profile_type, &rules))?;
            println!("profile type {profile_type}: Profile Policy Rules {ppr:?}");
            Ok(())
        }
    }
}

/// `rsp-lab smdp order …`.
fn order(rt: &tokio::runtime::Runtime, cmd: Order) -> Result<(), SmdpCmdError> {
    match cmd {
        Order::Set {
            matching_id,
            iccid,
            valid_until,
            max_attempts,
            data,
            database,
        } => {
            let selector = match (matching_id, iccid) {
                (Some(m), _) => OrderSelector::MatchingId(m),
                (None, Some(i)) => OrderSelector::Iccid(i),
                (None, None) => return Err(SmdpCmdError::NoOrderSelector),
            };
            let terms = OrderTerms {
                valid_until: valid_until.map(|t| {
                    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
                }),
                max_attempts,
            };
            set_order(rt, &database_url(database, &data), &selector, &terms)
        }
    }
}

/// The database of `--database`, or the SQLite file of the data directory.
fn database_url(database: Option<String>, data: &std::path::Path) -> String {
    database.unwrap_or_else(|| storage::sqlite_url(&data.join("smdp.db")))
}

/// `smdp inventory icon`: sets (or, without a file, removes) a profile type's icon.
fn set_icon(
    rt: &tokio::runtime::Runtime,
    profile_type: &str,
    file: Option<PathBuf>,
    url: &str,
) -> Result<(), SmdpCmdError> {
    let image = file
        .map(|f| std::fs::read(&f).map_err(|source| SmdpCmdError::Io { path: f, source }))
        .transpose()?;
    rt.block_on(set_profile_icon_at(url, profile_type, image.as_deref()))?;
    match image {
        Some(i) => println!("profile type {profile_type}: icon of {} octets", i.len()),
        None => println!("profile type {profile_type}: no icon"),
    }
    Ok(())
}

/// `smdp order set`: an open order's own terms, and what it says of the order after.
fn set_order(
    rt: &tokio::runtime::Runtime,
    url: &str,
    selector: &OrderSelector,
    terms: &OrderTerms,
) -> Result<(), SmdpCmdError> {
    let order = rt.block_on(set_order_terms_at(url, selector, terms))?;
    println!(
        "order of {} (Matching ID {}): valid until {} ms, {} of {} download attempts made",
        order.iccid,
        order.matching_id.as_deref().unwrap_or("-"),
        order
            .expires_at
            .map_or_else(|| "-".to_string(), |t| t.to_string()),
        order.download_attempts,
        order
            .max_attempts
            .map_or_else(|| "the policy's".to_string(), |n| n.to_string()),
    );
    Ok(())
}

/// Why `rsp-lab smdp` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SmdpCmdError {
    /// `--valid-until` is not an RFC 3339 time.
    #[error("{given:?} is not an RFC 3339 time: {source}")]
    Time {
        given: String,
        source: time::error::Parse,
    },
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// An ES2 call of the SGP.02 SM-DP failed.
    #[error(transparent)]
    Es2(#[from] super::smsr_es4::Es4CmdError),
    /// The SM-DP+ did not start, or stopped on an error.
    #[error(transparent)]
    Serve(#[from] StartError),
    /// The data directory could not be made, or the icon read.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Profiles could not be added to the inventory.
    #[error(transparent)]
    Inventory(#[from] InventoryError),
    /// A profile type's icon could not be set.
    #[error(transparent)]
    Icon(#[from] IconError),
    /// A profile type's Profile Policy Rules could not be set.
    #[error(transparent)]
    Rules(#[from] PprError),
    /// `order set` without the order it sets.
    #[error("give --matching-id or --iccid")]
    NoOrderSelector,
    /// An order's terms could not be set.
    #[error(transparent)]
    OrderTerms(#[from] OrderTermsError),
}
