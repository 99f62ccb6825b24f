"""Local stand-ins for AWS: infra/template.yaml deployed into moto (see local.stack)."""
