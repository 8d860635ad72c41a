"""The example shop from Python, through the kube-patterns Pulumi component package
(pulumi-package/ of this repository): the same props as the TypeScript example
(examples/shop.ts), given as plain data (dicts and strings) and checked by the same validation.

    pulumi package add ../../pulumi-package     # generates and installs the Python SDK
    pulumi config set --secret dbPassword <password>
    pulumi config set --secret sessionsPassword <password>
    pulumi up
"""
from pathlib import Path

import pulumi
import pulumi_kube_patterns as kp
import pulumi_kubernetes as k8s

config = pulumi.Config()
namespace = config.get("namespace") or "shop-py"
files = Path(__file__).resolve().parent.parent / "files"

# retain_on_delete: deleting a namespace deletes every claim in it, and with them the data.
ns = k8s.core.v1.Namespace("shop", metadata={"name": namespace}, opts=pulumi.ResourceOptions(retain_on_delete=True))
opts = pulumi.ResourceOptions(depends_on=[ns])

# The nginx server block, mounted by the web tier; its content is hashed into the pods, so that
# a change rolls them.
nginx_config = {"default.conf": (files / "nginx-default.conf").read_text()}
nginx = k8s.core.v1.ConfigMap("storefront-nginx", metadata={"name": "storefront-nginx", "namespace": namespace}, data=nginx_config, opts=opts)


def host(service):
    return f"{service}.{namespace}.svc.cluster.local"

shop_nodes = [{"key": "workload", "value": "shop", "effect": "NoSchedule"}]
pull_secrets = ["regcred"]

# Only the web tier may connect to the databases; its pods are those with its selector labels.
web_pods = {
    "app.kubernetes.io/instance": "storefront",
    "app.kubernetes.io/managed-by": "kube-patterns",
    "kube-patterns.io/pattern": "stateless-web",
}
only_web = {"allow_from": [{"kind": kp.NetworkPeerKind.PODS, "pod_labels": web_pods}]}

# What every tier of the shop shares: its namespace, its nodes and its registry credentials.
shop = {"namespace": namespace, "tolerations": shop_nodes, "image_pull_secrets": pull_secrets}

db = kp.StatefulDatabase(
    "orders-db",
    **shop,
    engine={"kind": kp.EngineKind.POSTGRES, "version": "17"},
    storage={"size": "20Gi"},
    config={"shared_buffers": "256MB", "log_min_duration_statement": "500"},
    init_scripts={"files": {"01-orders.sql": (files / "orders.sql").read_text()}},
    # Nightly pg_dumpall into orders-db-backups, two weeks kept.
    backup={"schedule": "0 3 * * *", "keep": 14},
    metrics={"interval": "30s", "pod_monitor": True},
    network_policy=only_web,
    credentials={"password": config.require_secret("dbPassword")},
    opts=opts,
)

cache = kp.StatefulDatabase(
    "sessions",
    **shop,
    engine={"kind": kp.EngineKind.REDIS},
    replicas=config.get_int("sessionsReplicas") or 3,
    config={"maxmemory": "256mb", "maxmemory-policy": "allkeys-lru"},
    network_policy=only_web,
    credentials={"password": config.require_secret("sessionsPassword")},
    opts=opts,
)

web = kp.StatelessWeb(
    "storefront",
    **shop,
    image="nginxinc/nginx-unprivileged:1.27",
    port=8080,
    service_port=80,
    security_context={"run_as_user": 101, "writable_paths": ["/tmp"]},
    # Uploaded media, shared by every replica; the site itself comes from the image.
    shared_volume={"size": "5Gi", "mount_path": "/usr/share/nginx/html/media"},
    volumes=[{"name": "nginx-conf", "kind": kp.VolumeKind.CONFIG_MAP, "source_name": "storefront-nginx",
              "source_data": nginx_config, "mount_path": "/etc/nginx/conf.d"}],
    init_containers=[{
        "name": "wait-for-db",
        "image": "busybox:1.36",
        "command": ["sh", "-c", f"until nc -z -w 2 {host('orders-db')} 5432; do echo waiting for orders-db; sleep 2; done"],
    }],
    autoscaling={"min_replicas": 3, "max_replicas": 10},
    readiness_probe={"kind": kp.ProbeKind.HTTP_GET, "path": "/healthz"},
    # Leave the Service's endpoints before nginx stops accepting connections.
    pre_stop={"exec_": ["sleep", "5"]},
    env={"DATABASE_HOST": host("orders-db"), "SESSIONS_HOST": host("sessions-primary")},
    opts=pulumi.ResourceOptions(depends_on=[ns, nginx]),
)

pulumi.export("databaseUri", db.connection_string)
pulumi.export("databaseHost", db.host)
pulumi.export("sessionsPrimary", cache.primary_host)
pulumi.export("sessionsPods", cache.pod_dns_names)
pulumi.export("webHost", web.host)
pulumi.export("webSelectorLabels", web.selector_labels)
