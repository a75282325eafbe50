//! Links workloads (services, run-task calls, task sets) to their task definition and cluster.
//! Linear time: every resource is indexed once by address and by declared name.

use crate::model::{Kind, Model, Reference};
use std::collections::HashMap;

/// What a workload's reference to another resource led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// The reference was not written (e.g. no `cluster`: the account's `default` cluster).
    NotWritten,
    Resolved(usize),
    /// Written but not found in the inputs or not knowable offline; the text says why.
    Unresolved(String),
}

#[derive(Debug, Default)]
pub struct Links {
    /// Per resource index: its task definition (workloads only; `NotWritten` for others).
    pub task_definition: Vec<Link>,
    pub cluster: Vec<Link>,
    /// Per resource index: the workloads that resolved to it (as task definition or as cluster).
    pub workloads: Vec<Vec<usize>>,
}

pub fn link(model: &Model) -> Links {
    let count = model.resources.len();
    let mut by_address: HashMap<(u32, Kind, &str), usize> = HashMap::with_capacity(count);
    let mut by_name: HashMap<(Kind, &str), usize> = HashMap::with_capacity(count);
    for (index, resource) in model.resources.iter().enumerate() {
        by_address.insert((resource.document, resource.kind, resource.address.as_str()), index);
        if let Some(name) = &resource.declared_name {
            // Later revisions of a family win, as in ECS.
            by_name.insert((resource.kind, name.as_str()), index);
        }
    }
    let resolve = |document: u32, kind: Kind, reference: &Reference| -> Link {
        match reference {
            Reference::None => Link::NotWritten,
            Reference::Address(address) => by_address
                .get(&(document, kind, address.as_str()))
                .map_or_else(|| Link::Unresolved(format!("{address} is not a {} in this input", kind.as_str())), |i| Link::Resolved(*i)),
            Reference::Name(name) => {
                let short = short_name(kind, name);
                by_name
                    .get(&(kind, short))
                    .map_or_else(|| Link::Unresolved(format!("{} {name} is not in the inputs", kind.as_str())), |i| Link::Resolved(*i))
            }
            Reference::Unknown(why) => Link::Unresolved(format!("the {} reference is not known before deployment ({why})", kind.as_str())),
        }
    };
    let mut links = Links { task_definition: Vec::with_capacity(count), cluster: Vec::with_capacity(count), workloads: vec![Vec::new(); count] };
    for (index, resource) in model.resources.iter().enumerate() {
        if !resource.kind.is_workload() {
            links.task_definition.push(Link::NotWritten);
            links.cluster.push(Link::NotWritten);
            continue;
        }
        let task_definition = resolve(resource.document, Kind::TaskDefinition, &resource.task_definition);
        let cluster = resolve(resource.document, Kind::Cluster, &resource.cluster);
        for link in [&task_definition, &cluster] {
            if let Link::Resolved(target) = link {
                if let Some(list) = links.workloads.get_mut(*target) {
                    list.push(index);
                }
            }
        }
        links.task_definition.push(task_definition);
        links.cluster.push(cluster);
    }
    links
}

/// `arn:aws:ecs:r:a:task-definition/web:7` and `web:7` → `web`; `arn:…:cluster/prod` → `prod`.
fn short_name(kind: Kind, name: &str) -> &str {
    let tail = name.rsplit_once('/').map_or(name, |(_, tail)| tail);
    match kind {
        Kind::TaskDefinition => tail.split_once(':').map_or(tail, |(family, _)| family),
        _ => tail,
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;
    use crate::model::Kind;

    #[test]
    fn names_are_shortened_from_arns_and_revisions() {
        assert_eq!(short_name(Kind::TaskDefinition, "arn:aws:ecs:us-east-1:1:task-definition/web:7"), "web");
        assert_eq!(short_name(Kind::TaskDefinition, "web"), "web");
        assert_eq!(short_name(Kind::Cluster, "arn:aws:ecs:us-east-1:1:cluster/prod"), "prod");
    }
}
