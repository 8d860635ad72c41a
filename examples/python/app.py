"""The example app (examples/shop.ts and examples/app.ts) in Python, through the jsii bindings.

A PostgreSQL database with its exporter and a nightly backup, a 3-pod Redis, and a 3-to-10
replica nginx tier sharing one ReadWriteMany volume, behind an Ingress; each database admits
only the web tier. It synthesizes the same objects as the TypeScript app
(test/package/python.test.ts compares them object for object).

Run: python examples/python/app.py [outdir]   (default outdir: dist/python)
"""

import pathlib
import sys

import cdk8s
import cdk8s_plus_28 as kplus
import jsii
import kube_patterns as kp

FILES = pathlib.Path(__file__).resolve().parent.parent / "files"
NAMESPACE = "shop"
PULL_SECRET = "regcred"
SHOP_HOST = "shop.example.com"

# Nodes tainted workload=shop:NoSchedule are reserved for the shop; its pods tolerate that.
SHOP_NODES = [kp.TolerationProps(key="workload", value="shop", effect=kp.TaintEffect.NO_SCHEDULE)]


def host(service: str) -> str:
    return kp.KubernetesDns.service_host(service, NAMESPACE, "cluster.local")


@jsii.implements(kp.IConfigSource)
class NginxConfig:
    """The nginx server block: the ConfigMap's name and data, hashed into the web tier's pods."""

    @property
    def name(self) -> str:
        return "storefront-nginx"

    @property
    def data(self):
        return {"default.conf": (FILES / "nginx-default.conf").read_text()}

    @property
    def node(self):
        return None


class ShopChart(cdk8s.Chart):
    def __init__(self, scope, id: str):
        super().__init__(scope, id, namespace=NAMESPACE)
        nginx = NginxConfig()
        kplus.ConfigMap(self, "nginx-config", metadata=cdk8s.ApiObjectMetadata(name=nginx.name), data=nginx.data)
        web = kp.StatelessWeb(
            self,
            "storefront",
            name="storefront",
            image="nginxinc/nginx-unprivileged:1.27",
            port=8080,
            service_port=80,
            security_context=kp.SecurityContextProps(run_as_user=101, writable_paths=["/tmp"]),
            shared_volume=kp.SharedVolumeProps(size="5Gi", mount_path="/usr/share/nginx/html/media"),
            volumes=[kp.PodVolumeProps(name="nginx-conf", source=kp.VolumeSource.config_map(nginx), mount_path="/etc/nginx/conf.d")],
            init_containers=[
                kp.ContainerSpecProps(
                    name="wait-for-db",
                    image="busybox:1.36",
                    command=["sh", "-c", f"until nc -z -w 2 {host('orders-db')} 5432; do echo waiting for orders-db; sleep 2; done"],
                )
            ],
            autoscaling=kp.AutoscalingProps(min_replicas=3, max_replicas=10),
            readiness_probe=kp.Probe.http_get("/healthz"),
            pre_stop=kp.PreStopProps(exec=["sleep", "5"]),
            tolerations=SHOP_NODES,
            image_pull_secrets=[PULL_SECRET],
            env={
                "DATABASE_HOST": kp.EnvValue.from_value(host("orders-db")),
                "SESSIONS_HOST": kp.EnvValue.from_value(host("sessions-primary")),
            },
        )
        only_web = kp.DatabaseNetworkPolicyProps(allow_from=[kp.NetworkPeer.pods(web)])
        kp.StatefulDatabase(
            self,
            "orders-db",
            name="orders-db",
            engine=kp.DatabaseEngine.postgres(version="17"),
            storage=kp.StorageProps(size="20Gi"),
            config={"shared_buffers": "256MB", "log_min_duration_statement": 500},
            init_scripts=kp.InitScripts(files={"01-orders.sql": (FILES / "orders.sql").read_text()}),
            backup=kp.BackupProps(schedule="0 3 * * *", keep=14),
            tolerations=SHOP_NODES,
            image_pull_secrets=[PULL_SECRET],
            metrics=kp.MetricsProps(interval="30s", pod_monitor=True),
            network_policy=only_web,
        )
        kp.StatefulDatabase(
            self,
            "sessions",
            name="sessions",
            engine=kp.DatabaseEngine.redis(),
            replicas=3,
            config={"maxmemory": "256mb", "maxmemory-policy": "allkeys-lru"},
            tolerations=SHOP_NODES,
            image_pull_secrets=[PULL_SECRET],
            network_policy=only_web,
        )
        kplus.Ingress(
            self,
            "ingress",
            metadata=cdk8s.ApiObjectMetadata(name="shop"),
            rules=[kplus.IngressRule(host=SHOP_HOST, backend=web.ingress_backend())],
        )


if __name__ == "__main__":
    app = cdk8s.App(outdir=sys.argv[1] if len(sys.argv) > 1 else "dist/python")
    ShopChart(app, "shop")
    app.synth()
