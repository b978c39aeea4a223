//! The integration tests of rasd: one binary, one module per area.

mod gold;
