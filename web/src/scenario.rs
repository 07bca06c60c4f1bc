//! The scenario a fresh page starts with.

/// seeds/003: the nginx Deployment from the Kubernetes Deployment tutorial.
pub const NGINX_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
";

/// What the terminal echoes for the initial apply (the manifest itself is fed on stdin).
pub const APPLY_LINE: &str = "kubectl apply -f -";
