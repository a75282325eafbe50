use crate::model::{Field, Kind};
use crate::rules::support::{enum_is, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-08",
    name: "capacity-provider-termination",
    title: "Managed termination protection off (EC2)",
    severity: Severity::Medium,
    kinds: &[Kind::CapacityProvider],
    description: "With `autoScalingGroupProvider.managedTerminationProtection` DISABLED (the default), a scale-in of \
        the Auto Scaling group can terminate EC2 instances that still run tasks, stopping them without draining. \
        ENABLED lets ECS protect instances with running tasks from scale-in; it requires managed scaling to be \
        ENABLED and instance scale-in protection on the Auto Scaling group. Applies to Auto Scaling group capacity \
        providers only.",
    remediation: "Set `autoScalingGroupProvider.managedTerminationProtection` to `ENABLED`, with \
        `managedScaling.status: ENABLED` and `NewInstancesProtectedFromScaleIn` on the Auto Scaling group.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.19" },
        Equivalent { tool: "AWS Config", id: "ecs-capacity-provider-termination-check" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "termination protection disabled",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Provider": {"Type": "AWS::ECS::CapacityProvider", "Properties": {
  "AutoScalingGroupProvider": {"AutoScalingGroupArn": {"Ref": "Asg"}, "ManagedScaling": {"Status": "ENABLED", "TargetCapacity": 90},
    "ManagedTerminationProtection": "DISABLED"}}}}}"#,
        },
        Example {
            title: "termination protection not set (DISABLED by default)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Provider": {"Type": "AWS::ECS::CapacityProvider", "Properties": {
  "AutoScalingGroupProvider": {"AutoScalingGroupArn": {"Ref": "Asg"}}}}}}"#,
        },
        Example {
            title: "termination protection enabled with managed scaling",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Provider": {"Type": "AWS::ECS::CapacityProvider", "Properties": {
  "AutoScalingGroupProvider": {"AutoScalingGroupArn": {"Ref": "Asg"}, "ManagedScaling": {"Status": "ENABLED", "TargetCapacity": 90},
    "ManagedTerminationProtection": "ENABLED"}}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, provider: &Subject<'_>) {
    let asg = provider.body().get("autoScalingGroupProvider");
    match asg {
        // Not an Auto Scaling group provider (e.g. ECS Managed Instances).
        Field::Absent { .. } => return check.not_applicable(),
        Field::Unknown(_) => return check.undecided(asg, "autoScalingGroupProvider is not known before deployment."),
        Field::Known(_) => {}
    }
    let protection = asg.get("managedTerminationProtection");
    match enum_is(protection, "ENABLED") {
        Decision::Yes => {}
        Decision::No => check.fail(
            protection,
            "managedTerminationProtection is not ENABLED (the default is DISABLED): scale-in can terminate instances that still run tasks.",
        ),
        Decision::Unknown(at) => check.undecided(at, "managedTerminationProtection is not known before deployment."),
    }
}
