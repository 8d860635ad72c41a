module kube-patterns.local/pause

go 1.22
