//! Fargate facts (rules.md §3), as data in one place. Each fact cites its source.

/// Valid Linux Fargate task sizes: (cpu units, memory MiB from, to, step).
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
/// and https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html (74 pairs).
pub const FARGATE_TASK_SIZES: &[(u32, u32, u32, u32)] = &[
    (256, 512, 512, 512),
    (256, 1024, 2048, 1024),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122880, 8192),
];

/// Whether `cpu`/`memory` is one of the 74 valid Fargate pairs.
pub fn is_valid_fargate_size(cpu: u32, memory: u32) -> bool {
    FARGATE_TASK_SIZES
        .iter()
        .any(|&(c, from, to, step)| c == cpu && memory >= from && memory <= to && (memory - from) % step == 0)
}

/// 8 and 16 vCPU sizes need Linux platform version 1.4.0. Source: as [`FARGATE_TASK_SIZES`].
pub const LARGE_CPU_UNITS: &[u32] = &[8192, 16384];

/// Latest platform versions; `LATEST` resolves to these.
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html and
/// https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-10
pub const LATEST_LINUX_PV: &str = "1.4.0";
pub const LATEST_WINDOWS_PV: &str = "1.0.0";
/// Linux versions older than 1.4.0 (1.3.0 retired 2026-03-16; 1.0.0–1.2.0 deprecated).
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-versions-retired.html
pub const OLD_LINUX_PVS: &[&str] = &["1.0.0", "1.1.0", "1.2.0", "1.3.0"];

/// Log drivers Fargate supports.
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html
pub const FARGATE_LOG_DRIVERS: &[&str] = &["awslogs", "splunk", "awsfirelens"];

/// The only capability Fargate lets a container add.
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
pub const FARGATE_ADDABLE_CAPABILITY: &str = "SYS_PTRACE";

/// GuardDuty agent sidecar maximum memory (MiB) by task cpu units and memory MiB: (cpu, memory at least, agent MiB).
/// Source: https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-ecs-support.html
/// ("CPU and memory limits"; 128 MB is a merged cell for 256–4096 cpu; MB treated as MiB, rules.md §5.6).
pub const GUARDDUTY_AGENT_MEMORY: &[(u32, u32, u32)] = &[
    (256, 0, 128),
    (512, 0, 128),
    (1024, 0, 128),
    (2048, 0, 128),
    (4096, 0, 128),
    (8192, 0, 256),
    (8192, 32768, 512),
    (16384, 0, 1024),
];

/// The agent's maximum memory for a task size, if the size is in the table.
pub fn guardduty_agent_memory(cpu: u32, memory: u32) -> Option<u32> {
    GUARDDUTY_AGENT_MEMORY.iter().filter(|&&(c, from, _)| c == cpu && memory >= from).map(|&(_, _, agent)| agent).next_back()
}

/// Ephemeral storage bounds in GiB (20 is the implicit default).
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html
pub const EPHEMERAL_STORAGE_GIB: (u32, u32) = (21, 200);

/// CPU units a Windows task may use on Fargate (1, 2 and 4 vCPU; 0.25/0.5 and 8/16 vCPU are Linux only).
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html (column
/// "Operating systems supported for AWS Fargate") and fargate-tasks-services.html ("cannot be less than 1 vCPU").
pub const WINDOWS_CPU_UNITS: &[u32] = &[1024, 2048, 4096];

/// Oldest Linux platform version that injects whole secrets (Secrets Manager or SSM) on Fargate; a JSON key or
/// version of a Secrets Manager secret needs [`LATEST_LINUX_PV`].
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
pub const SECRETS_MIN_LINUX_PV: &str = "1.3.0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_the_74_documented_pairs() {
        let count: usize = FARGATE_TASK_SIZES.iter().map(|&(_, from, to, step)| ((to - from) / step + 1) as usize).sum();
        assert_eq!(count, 74);
        assert!(is_valid_fargate_size(256, 512));
        assert!(!is_valid_fargate_size(256, 4096));
        assert!(is_valid_fargate_size(16384, 122880));
        assert!(!is_valid_fargate_size(8192, 18432));
    }

    #[test]
    fn agent_memory_follows_the_size_table() {
        assert_eq!(guardduty_agent_memory(1024, 2048), Some(128));
        assert_eq!(guardduty_agent_memory(8192, 16384), Some(256));
        assert_eq!(guardduty_agent_memory(8192, 32768), Some(512));
        assert_eq!(guardduty_agent_memory(16384, 32768), Some(1024));
        assert_eq!(guardduty_agent_memory(128, 512), None);
    }
}
