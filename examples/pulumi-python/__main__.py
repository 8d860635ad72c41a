"""The example shop's databases and web tier from Python, through the kube-patterns Pulumi
component package (pulumi-package/ of this repository): the same args as the TypeScript example,
given as plain data (dicts and strings), checked by the same validation.

    pulumi package add ../../pulumi-package     # generates and installs the Python SDK
    pulumi config set --secret dbPassword <password>
    pulumi config set --secret sessionsPassword <password>
    pulumi up

The namespace must exist (`kubectl create namespace shop-py`), or set `namespace` in the config.
"""
from pathlib import Path

import pulumi
import pulumi_kube_patterns as kp

config = pulumi.Config()
namespace = config.get("namespace") or "shop-py"
files = Path(__file__).resolve().parent.parent / "files"

shop_nodes = [{"key": "workload", "value": "shop", "effect": "NoSchedule"}]
pull_secrets = ["regcred"]

# Only the web tier may connect to the databases; its pods are those with its selector labels.
web_pods = {
    "app.kubernetes.io/instance": "storefront",
    "app.kubernetes.io/managed-by": "kube-patterns",
    "kube-patterns.io/pattern": "stateless-web",
}
only_web = {"allow_from": [{"kind": kp.NetworkPeerKind.PODS, "pod_labels": web_pods}]}

db = kp.StatefulDatabase(
    "orders-db",
    namespace=namespace,
    engine={"kind": kp.EngineKind.POSTGRES, "version": "17"},
    storage={"size": "20Gi"},
    config={"shared_buffers": "256MB", "log_min_duration_statement": "500"},
    init_scripts={"files": {"01-orders.sql": (files / "orders.sql").read_text()}},
    # Nightly pg_dumpall into orders-db-backups, two weeks kept.
    backup={"schedule": "0 3 * * *", "keep": 14},
    tolerations=shop_nodes,
    image_pull_secrets=pull_secrets,
    metrics={"interval": "30s", "pod_monitor": True},
    network_policy=only_web,
    credentials={"password": config.require_secret("dbPassword")},
)

cache = kp.StatefulDatabase(
    "sessions",
    namespace=namespace,
    engine={"kind": kp.EngineKind.REDIS},
    replicas=3,
    config={"maxmemory": "256mb", "maxmemory-policy": "allkeys-lru"},
    tolerations=shop_nodes,
    image_pull_secrets=pull_secrets,
    network_policy=only_web,
    credentials={"password": config.require_secret("sessionsPassword")},
)

web = kp.StatelessWeb(
    "storefront",
    namespace=namespace,
    image="nginxinc/nginx-unprivileged:1.27",
    port=8080,
    service_port=80,
    security_context={"run_as_user": 101, "writable_paths": ["/tmp"]},
    shared_volume={"size": "5Gi", "mount_path": "/usr/share/nginx/html/media"},
    autoscaling={"min_replicas": 3, "max_replicas": 10},
    readiness_probe={"kind": kp.ProbeKind.TCP_SOCKET},
    # Leave the Service's endpoints before nginx stops accepting connections.
    pre_stop={"exec_": ["sleep", "5"]},
    tolerations=shop_nodes,
    image_pull_secrets=pull_secrets,
    env={
        "DATABASE_HOST": f"orders-db.{namespace}.svc.cluster.local",
        "SESSIONS_HOST": f"sessions-primary.{namespace}.svc.cluster.local",
    },
)

pulumi.export("databaseUri", db.connection_string)
pulumi.export("databaseHost", db.host)
pulumi.export("sessionsPrimary", cache.primary_host)
pulumi.export("sessionsPods", cache.pod_dns_names)
pulumi.export("webHost", web.host)
pulumi.export("webSelectorLabels", web.selector_labels)
