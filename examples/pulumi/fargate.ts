// One Fargate web service written twice on one cluster:
// - `bad` is what fargate-guard's policy pack stops: a privileged container adding SYS_ADMIN (Fargate rejects
//   both), an AWS secret key in plain environment variables, no logs, a mutable Docker Hub image, a retired
//   platform version and a public IP;
// - `fixed` is the same service as the pack wants it.
import * as pulumi from "@pulumi/pulumi";
import type * as awsSdk from "@pulumi/aws";

type Aws = typeof awsSdk;

const ECS_TASKS_ASSUME_ROLE = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export function fargateApp(aws: Aws) {
    const config = new pulumi.Config();
    const region = new pulumi.Config("aws").get("region") ?? "us-east-1";
    const subnets = config.getObject<string[]>("subnets") ?? ["subnet-0123456789abcdef0"];
    const securityGroups = config.getObject<string[]>("securityGroups") ?? ["sg-0123456789abcdef0"];
    // Pinned by digest in a private ECR repository (fargate-guard SC-01, SC-02).
    const image = config.get("image")
        ?? "111122223333.dkr.ecr.us-east-1.amazonaws.com/web@sha256:6f1d2b0c9e8a7f6e5d4c3b2a19081726354453627180f9e8d7c6b5a4f3e2d1c0";

    const account = aws.getCallerIdentityOutput();

    // Fargate ephemeral storage encrypted with a customer-managed key (FG-01); Fargate must be allowed to use it.
    const ephemeralKey = new aws.kms.Key("ephemeral-storage", {
        description: "Fargate ephemeral storage",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Account", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account.accountId}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "Fargate",
                    Effect: "Allow",
                    Principal: { Service: "fargate.amazonaws.com" },
                    Action: ["kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant"],
                    Resource: "*",
                },
            ],
        }),
    });

    const cluster = new aws.ecs.Cluster("apps", {
        settings: [{ name: "containerInsights", value: "enhanced" }],
        configuration: { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: ephemeralKey.arn } },
    });
    new aws.ecs.ClusterCapacityProviders("apps", {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE"],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
    });

    const logs = new aws.cloudwatch.LogGroup("apps", { retentionInDays: 30 });
    const executionRole = new aws.iam.Role("execution", { assumeRolePolicy: ECS_TASKS_ASSUME_ROLE });
    new aws.iam.RolePolicyAttachment("execution", {
        role: executionRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    });
    const taskRole = new aws.iam.Role("task", { assumeRolePolicy: ECS_TASKS_ASSUME_ROLE });

    // --- bad -------------------------------------------------------------------------------------------
    const badTask = new aws.ecs.TaskDefinition("bad", {
        family: "bad",
        cpu: "256",
        memory: "512",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        containerDefinitions: JSON.stringify([{
            name: "web",
            image: "nginx:latest",
            essential: true,
            privileged: true,
            linuxParameters: { capabilities: { add: ["SYS_ADMIN"] } },
            portMappings: [{ containerPort: 80 }],
            environment: [{ name: "AWS_SECRET_ACCESS_KEY", value: "example-only-not-a-key" }],
        }]),
    });
    const badService = new aws.ecs.Service("bad", {
        cluster: cluster.arn,
        taskDefinition: badTask.arn,
        desiredCount: 1,
        launchType: "FARGATE",
        platformVersion: "1.3.0",
        networkConfiguration: { subnets, assignPublicIp: true },
    });

    // --- fixed -----------------------------------------------------------------------------------------
    const fixedTask = new aws.ecs.TaskDefinition("fixed", {
        family: "fixed",
        cpu: "512",
        memory: "1024",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        // Unknown during the first preview (the log group is new): the pack reports which rules wait for it.
        containerDefinitions: pulumi.jsonStringify([{
            name: "web",
            image,
            essential: true,
            readonlyRootFilesystem: true,
            user: "10001",
            memory: 768,
            linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
            portMappings: [{ containerPort: 8080, protocol: "tcp" }],
            healthCheck: {
                command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/health || exit 1"],
                interval: 30,
                timeout: 5,
                retries: 3,
            },
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": logs.name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": "web",
                    mode: "non-blocking",
                    "max-buffer-size": "25m",
                },
            },
        }]),
    });
    const fixedService = new aws.ecs.Service("fixed", {
        cluster: cluster.arn,
        taskDefinition: fixedTask.arn,
        desiredCount: 2,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        networkConfiguration: { subnets, securityGroups, assignPublicIp: false },
        deploymentCircuitBreaker: { enable: true, rollback: true },
    });

    return { cluster, bad: { task: badTask, service: badService }, fixed: { task: fixedTask, service: fixedService } };
}
