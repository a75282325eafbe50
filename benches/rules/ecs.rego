# The benchmark's reference policy for regorus: eleven ECS rules — the ten Checkov ECS checks
# (CKV_AWS_65, 97, 223, 224, 249, 332, 333, 334, 335, 336) plus "every container has a log configuration" —
# over a CloudFormation template (input.Resources) or a Terraform plan (input.resource_changes).
# Query: data.fargate.deny (a set of messages). The same rules as benches/rules/ecs.guard.
package fargate

import rego.v1

# ---------------------------------------------------------------------------------------------------------------
# Resources of each kind, as {id, props}, from either format.

cfn_of(type) := {{"id": id, "p": object.get(r, "Properties", {})} |
	some id, r in object.get(input, "Resources", {})
	r.Type == type
}

tf_of(type) := {{"id": rc.address, "p": rc.change.after} |
	some rc in object.get(input, "resource_changes", [])
	rc.type == type
	rc.mode == "managed"
	some action in rc.change.actions
	action in {"create", "update"}
}

# Terraform's container_definitions is a JSON string; CloudFormation's a list.
tf_containers(td) := json.unmarshal(td.p.container_definitions) if is_string(td.p.container_definitions)

tf_containers(td) := [] if not is_string(td.p.container_definitions)

fargate_capacity := {"FARGATE", "FARGATE_SPOT"}

# ---------------------------------------------------------------------------------------------------------------
# CloudFormation

# 1. CKV_AWS_65: Container Insights on every cluster.
deny contains sprintf("%s: Container Insights not enabled", [c.id]) if {
	some c in cfn_of("AWS::ECS::Cluster")
	not cfn_insights(c.p)
}

cfn_insights(p) if {
	some s in p.ClusterSettings
	s.Name == "containerInsights"
	s.Value in {"enabled", "enhanced"}
}

# 2. CKV_AWS_97: transit encryption on every EFS volume.
deny contains sprintf("%s: EFS volume %s without transit encryption", [td.id, v.Name]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	some v in object.get(td.p, "Volumes", [])
	efs := v.EFSVolumeConfiguration
	object.get(efs, "TransitEncryption", "DISABLED") != "ENABLED"
}

# 3. CKV_AWS_223: ECS Exec logging not turned off.
deny contains sprintf("%s: ECS Exec logging is NONE", [c.id]) if {
	some c in cfn_of("AWS::ECS::Cluster")
	c.p.Configuration.ExecuteCommandConfiguration.Logging == "NONE"
}

# 4. CKV_AWS_224: ECS Exec with a KMS key and encrypted logs.
deny contains sprintf("%s: ECS Exec not KMS-encrypted", [c.id]) if {
	some c in cfn_of("AWS::ECS::Cluster")
	exec := c.p.Configuration.ExecuteCommandConfiguration
	object.get(exec, "Logging", "DEFAULT") != "NONE"
	not cfn_exec_encrypted(exec)
}

cfn_exec_encrypted(exec) if {
	exec.KmsKeyId
	exec.LogConfiguration.CloudWatchEncryptionEnabled == true
}

cfn_exec_encrypted(exec) if {
	exec.KmsKeyId
	exec.LogConfiguration.S3EncryptionEnabled == true
}

# 5. CKV_AWS_249: task role distinct from the execution role.
deny contains sprintf("%s: task role equals the execution role", [td.id]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	td.p.TaskRoleArn == td.p.ExecutionRoleArn
}

# 6. CKV_AWS_332: Fargate services on the latest platform version.
deny contains sprintf("%s: Fargate platform version %s", [s.id, s.p.PlatformVersion]) if {
	some s in cfn_of("AWS::ECS::Service")
	cfn_fargate_service(s.p)
	is_string(s.p.PlatformVersion)
	not s.p.PlatformVersion in {"LATEST", "1.4.0"}
}

cfn_fargate_service(p) if p.LaunchType == "FARGATE"

cfn_fargate_service(p) if {
	some strategy in p.CapacityProviderStrategy
	strategy.CapacityProvider in fargate_capacity
}

# 7. CKV_AWS_333: no public IP on services.
deny contains sprintf("%s: assigns a public IP", [s.id]) if {
	some s in cfn_of("AWS::ECS::Service")
	s.p.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp == "ENABLED"
}

# 8. CKV_AWS_334: no privileged containers.
deny contains sprintf("%s: container %s is privileged", [td.id, c.Name]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	some c in td.p.ContainerDefinitions
	c.Privileged == true
}

# 9. CKV_AWS_335: no host PID namespace.
deny contains sprintf("%s: pidMode host", [td.id]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	td.p.PidMode == "host"
}

# 10. CKV_AWS_336: read-only root file system on every container.
deny contains sprintf("%s: container %s has a writable root file system", [td.id, c.Name]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	some c in td.p.ContainerDefinitions
	not c.ReadonlyRootFilesystem == true
}

# 11. A log configuration on every container.
deny contains sprintf("%s: container %s has no log configuration", [td.id, c.Name]) if {
	some td in cfn_of("AWS::ECS::TaskDefinition")
	some c in td.p.ContainerDefinitions
	not c.LogConfiguration
}

# ---------------------------------------------------------------------------------------------------------------
# Terraform plan (resource_changes[].change.after; nested blocks are one-element lists)

deny contains sprintf("%s: Container Insights not enabled", [c.id]) if {
	some c in tf_of("aws_ecs_cluster")
	not tf_insights(c.p)
}

tf_insights(p) if {
	some s in p.setting
	s.name == "containerInsights"
	s.value in {"enabled", "enhanced"}
}

deny contains sprintf("%s: EFS volume %s without transit encryption", [td.id, v.name]) if {
	some td in tf_of("aws_ecs_task_definition")
	some v in object.get(td.p, "volume", [])
	some efs in v.efs_volume_configuration
	object.get(efs, "transit_encryption", "DISABLED") != "ENABLED"
}

deny contains sprintf("%s: ECS Exec logging is NONE", [c.id]) if {
	some c in tf_of("aws_ecs_cluster")
	some conf in c.p.configuration
	some exec in conf.execute_command_configuration
	exec.logging == "NONE"
}

deny contains sprintf("%s: ECS Exec not KMS-encrypted", [c.id]) if {
	some c in tf_of("aws_ecs_cluster")
	some conf in c.p.configuration
	some exec in conf.execute_command_configuration
	object.get(exec, "logging", "DEFAULT") != "NONE"
	not tf_exec_encrypted(exec)
}

tf_exec_encrypted(exec) if {
	exec.kms_key_id
	some log in exec.log_configuration
	log.cloud_watch_encryption_enabled == true
}

tf_exec_encrypted(exec) if {
	exec.kms_key_id
	some log in exec.log_configuration
	log.s3_bucket_encryption_enabled == true
}

deny contains sprintf("%s: task role equals the execution role", [td.id]) if {
	some td in tf_of("aws_ecs_task_definition")
	td.p.task_role_arn != null
	td.p.task_role_arn == td.p.execution_role_arn
}

deny contains sprintf("%s: Fargate platform version %s", [s.id, s.p.platform_version]) if {
	some s in tf_of("aws_ecs_service")
	tf_fargate_service(s.p)
	is_string(s.p.platform_version)
	not s.p.platform_version in {"LATEST", "1.4.0"}
}

tf_fargate_service(p) if p.launch_type == "FARGATE"

tf_fargate_service(p) if {
	some strategy in p.capacity_provider_strategy
	strategy.capacity_provider in fargate_capacity
}

deny contains sprintf("%s: assigns a public IP", [s.id]) if {
	some s in tf_of("aws_ecs_service")
	some net in s.p.network_configuration
	net.assign_public_ip == true
}

deny contains sprintf("%s: container %s is privileged", [td.id, c.name]) if {
	some td in tf_of("aws_ecs_task_definition")
	some c in tf_containers(td)
	c.privileged == true
}

deny contains sprintf("%s: pidMode host", [td.id]) if {
	some td in tf_of("aws_ecs_task_definition")
	td.p.pid_mode == "host"
}

deny contains sprintf("%s: container %s has a writable root file system", [td.id, c.name]) if {
	some td in tf_of("aws_ecs_task_definition")
	some c in tf_containers(td)
	not c.readonlyRootFilesystem == true
}

deny contains sprintf("%s: container %s has no log configuration", [td.id, c.name]) if {
	some td in tf_of("aws_ecs_task_definition")
	some c in tf_containers(td)
	not c.logConfiguration
}
