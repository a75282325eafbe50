//! The canonical model: resources in AWS API shape, with provenance, linked to each other.

pub mod node;
pub mod origin;
pub mod resource;

pub use node::{Field, Node, Value};
pub use origin::{KeyStyle, Origin, Origins, SourcePath};
pub use resource::{Kind, Model, Reference, Resource, Variant};
