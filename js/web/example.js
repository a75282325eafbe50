// "Load example": a Fargate task definition that would fail at deploy time or run with needless risk.
export const EXAMPLE_NAME = 'example-task-definition.json';

export const EXAMPLE = `{
  "family": "payments-api",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "512",
  "memory": "1024",
  "ephemeralStorage": { "sizeInGiB": 250 },
  "containerDefinitions": [
    {
      "name": "api",
      "image": "111111111111.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.4.2",
      "essential": true,
      "portMappings": [{ "containerPort": 8080, "hostPort": 80 }],
      "linuxParameters": {
        "capabilities": { "add": ["SYS_ADMIN", "NET_ADMIN"] }
      },
      "environment": [
        { "name": "AWS_SECRET_ACCESS_KEY", "value": "placeholder" }
      ]
    }
  ]
}
`;
