//! [`Netlist`]: which net each terminal of each named part is on, and where the external ports
//! are; checked against the parts into the [`Topology`](super::Topology) the solvers read.

use std::collections::BTreeMap;

use crate::network::Z0;
use crate::{Error, Result};

/// The name of the ground net.
pub const GROUND: &str = "gnd";

/// A part as the netlist sees it: its name and port count (see [`PartList`](super::PartList)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartInfo {
    /// The part's name: a field name (`c1`), or an entry of a `Vec` field (`l[3]`).
    pub name: String,
    /// Its number of ports.
    pub ports: usize,
}

/// An external port of a circuit.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternalPort {
    /// Its number, from 1 (port 1 is `s11`'s).
    pub number: usize,
    /// The net it is on; the port's name.
    pub net: String,
    /// Its real reference impedance in ohm (50 unless given).
    pub z0: f64,
}

/// A circuit's connections: each part's terminals on named nets, and the external ports.
///
/// A part with `K` ports takes `K` nets, its port `k` on the `k`-th (each port referenced to
/// ground, as every component's S is). A 1-port (any `Component<1>`: [`Resistor`],
/// [`Capacitor`], a measured load ...) takes one net, from it to ground, or two, as a
/// two-terminal element between them. The net [`GROUND`] (`"gnd"`) is the ground; every
/// other net joins at least two terminals (ports of parts or external ports).
///
/// For circuits whose shape is known when the code is written, `#[derive(Circuit)]` declares
/// the same connections in attributes and checks them at compile time; a `Netlist` is for
/// circuits that are data: generated in a loop, read from a file.
///
/// [`Resistor`]: crate::components::Resistor
/// [`Capacitor`]: crate::components::Capacitor
///
/// ```
/// use pmrf::components::Netlist;
///
/// // A ladder of n series inductors and shunt capacitors, n known at run time.
/// let n = 3;
/// let mut net = Netlist::new();
/// net.port(1, "n0");
/// for i in 0..n {
///     net.part(format!("l[{i}]"), [format!("n{i}"), format!("n{}", i + 1)]);
///     net.part(format!("c[{i}]"), [format!("n{}", i + 1), "gnd".into()]);
/// }
/// net.port(2, format!("n{n}"));
/// assert_eq!(net.parts().count(), 6);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Netlist {
    parts: Vec<(String, Vec<String>)>,
    ports: Vec<ExternalPort>,
}

impl Netlist {
    /// An empty netlist.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts the terminals of the part `name` on `nets`, in port order.
    pub fn part<S: Into<String>>(
        &mut self,
        name: impl Into<String>,
        nets: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let nets = nets.into_iter().map(Into::into).collect();
        self.parts.push((name.into(), nets));
        self
    }

    /// External port `number` (from 1) on `net`, at 50 ohm.
    pub fn port(&mut self, number: usize, net: impl Into<String>) -> &mut Self {
        self.port_z0(number, net, Z0)
    }

    /// External port `number` (from 1) on `net`, at the real reference impedance `z0` (ohm):
    /// the circuit's [`network`](crate::Component::network) is reported at it.
    pub fn port_z0(&mut self, number: usize, net: impl Into<String>, z0: f64) -> &mut Self {
        self.ports.push(ExternalPort {
            number,
            net: net.into(),
            z0,
        });
        self
    }

    /// The parts and their nets, in the order given.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.parts.iter().map(|(p, n)| (p.as_str(), n.as_slice()))
    }

    /// The external ports, in the order given.
    pub fn ports(&self) -> &[ExternalPort] {
        &self.ports
    }
}

/// How a part sits in the circuit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    /// Its `K` ports on `K` nodes.
    Ported,
    /// A 1-port between two nodes.
    Between,
}

/// A part placed on its nodes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Placed {
    /// Its port count.
    pub(super) ports: usize,
    pub(super) placement: Placement,
    /// The node of each of its terminals.
    pub(super) nodes: Vec<usize>,
}

/// The checked netlist: nodes numbered, parts placed in part-list order.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Checked {
    /// Every part, in the order of the part list.
    pub(super) parts: Vec<Placed>,
    /// The net names; node `i` is net `nets[i]`.
    pub(super) nets: Vec<String>,
    /// The ground's node, if any terminal is on it.
    pub(super) ground: Option<usize>,
    /// The node of each external port, in port order.
    pub(super) externals: Vec<usize>,
    /// The reference impedance of each external port, in port order.
    pub(super) z0: Vec<f64>,
    /// The part names, in part-list order.
    pub(super) names: Vec<String>,
}

/// The nets met so far, numbered in order.
#[derive(Default)]
struct Nets {
    names: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Nets {
    /// The node of the net `name`, numbered on first sight.
    fn node(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
}

fn error(msg: String) -> Error {
    Error::InvalidNetwork(format!("circuit: {msg}"))
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Checks `netlist` against the parts `layout` for a circuit of `n` external ports.
pub(super) fn check(layout: &[PartInfo], netlist: &Netlist, n: usize) -> Result<Checked> {
    let index: BTreeMap<&str, usize> = (layout.iter().enumerate())
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    if index.len() != layout.len() {
        let mut seen = std::collections::BTreeSet::new();
        let dup = layout.iter().find(|p| !seen.insert(&p.name));
        return Err(error(format!(
            "two parts are named `{}`",
            dup.map_or("", |p| p.name.as_str())
        )));
    }
    let mut nets = Nets::default();
    let mut placed: Vec<Option<Placed>> = vec![None; layout.len()];
    // The terminals on each node, for messages: (part name, port) or the external port.
    let mut terminals = Vec::<Vec<String>>::new();
    for (name, on) in &netlist.parts {
        let Some(&p) = index.get(name.as_str()) else {
            let names: Vec<&str> = layout.iter().map(|p| p.name.as_str()).collect();
            return Err(error(format!(
                "the netlist names the part `{name}`, but there is no such part (the parts are: {})",
                names.join(", ")
            )));
        };
        if placed[p].is_some() {
            return Err(error(format!(
                "part `{name}` is connected twice: give each part its nets once"
            )));
        }
        let k = layout[p].ports;
        let placement = match (k, on.len()) {
            (k, m) if k == m => Placement::Ported,
            (1, 2) => Placement::Between,
            (k, m) => {
                return Err(error(format!(
                    "part `{name}` has {} but is given {}: a part with K ports takes K nets \
                     (port k on the k-th); a 1-port takes 1 net (to ground) or 2 (between them)",
                    plural(k, "port"),
                    plural(m, "net")
                )));
            }
        };
        let nodes: Vec<usize> = on.iter().map(|net| nets.node(net)).collect();
        if placement == Placement::Between && nodes[0] == nodes[1] {
            return Err(error(format!(
                "part `{name}` is between net `{}` and itself: a two-terminal element joins two \
                 different nets",
                on[0]
            )));
        }
        terminals.resize(nets.names.len(), Vec::new());
        for (port, &nd) in nodes.iter().enumerate() {
            terminals[nd].push(match placement {
                Placement::Ported => format!("port {port} of `{name}`"),
                Placement::Between => format!("terminal {} of `{name}`", port + 1),
            });
        }
        placed[p] = Some(Placed {
            ports: k,
            placement,
            nodes,
        });
    }
    let parts: Vec<Placed> = match placed.iter().position(Option::is_none) {
        Some(p) => {
            return Err(error(format!(
                "part `{}` ({}) is on no net: give it its nets",
                layout[p].name,
                plural(layout[p].ports, "port")
            )));
        }
        None => placed.into_iter().flatten().collect(),
    };
    // External ports: numbered 1..=n, each once, on a net other than the ground.
    let mut by_number: Vec<Option<&ExternalPort>> = vec![None; netlist.ports.len()];
    for port in &netlist.ports {
        let i = port.number;
        if i == 0 || i > netlist.ports.len() {
            let mut numbers: Vec<usize> = netlist.ports.iter().map(|p| p.number).collect();
            numbers.sort_unstable();
            return Err(error(format!(
                "external ports are numbered 1 to {} without gaps, but they are numbered {numbers:?}",
                netlist.ports.len()
            )));
        }
        if let Some(other) = by_number[i - 1].replace(port) {
            return Err(error(format!(
                "external port {i} is given twice, on nets `{}` and `{}`",
                other.net, port.net
            )));
        }
        if port.net == GROUND {
            return Err(error(format!(
                "external port {i} is on the ground net `{GROUND}`: a port needs a net of its own"
            )));
        }
        if !(port.z0.is_finite() && port.z0 > 0.0) {
            return Err(error(format!(
                "external port {i} (net `{}`) has z0 = {}: must be finite and > 0 ohm",
                port.net, port.z0
            )));
        }
    }
    let ports: Vec<&ExternalPort> = by_number.into_iter().flatten().collect();
    if ports.is_empty() {
        return Err(error(
            "no external port: give at least one with `port`".into(),
        ));
    }
    if ports.len() != n {
        return Err(error(format!(
            "the netlist has {}, but the circuit type has N = {n}",
            plural(ports.len(), "external port")
        )));
    }
    let externals: Vec<usize> = ports.iter().map(|p| nets.node(&p.net)).collect();
    terminals.resize(nets.names.len(), Vec::new());
    for p in &ports {
        terminals[nets.node(&p.net)].push(format!("external port {}", p.number));
    }
    for (nd, on) in terminals.iter().enumerate() {
        if on.len() == 1 && nets.names[nd] != GROUND {
            return Err(error(format!(
                "net `{}` has one terminal ({}): a net joins two or more (is the name misspelt?)",
                nets.names[nd], on[0]
            )));
        }
    }
    Ok(Checked {
        parts,
        ground: nets.index.get(GROUND).copied(),
        nets: nets.names,
        externals,
        z0: ports.iter().map(|p| p.z0).collect(),
        names: layout.iter().map(|p| p.name.clone()).collect(),
    })
}
