{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "district-sferum.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: RELEASE-CHART, or RELEASE alone when it already contains the chart name.
*/}}
{{- define "district-sferum.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "district-sferum.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every resource.
*/}}
{{- define "district-sferum.labels" -}}
helm.sh/chart: {{ include "district-sferum.chart" . }}
{{ include "district-sferum.selectorLabels" . }}
app.kubernetes.io/version: {{ include "district-sferum.imageTag" . | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: district-sferum
{{- end }}

{{/*
Labels that select this release's server pods (Deployment, Service, PDB, NetworkPolicy). Never change them:
a Deployment's selector is immutable.
*/}}
{{- define "district-sferum.selectorLabels" -}}
app.kubernetes.io/name: {{ include "district-sferum.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{- define "district-sferum.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "district-sferum.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "district-sferum.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "district-sferum.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "district-sferum.imageTag" .) }}
{{- end }}

{{/*
The Secret the pods read: the user's existingSecret, or the one this chart renders.
*/}}
{{- define "district-sferum.secretName" -}}
{{- default (include "district-sferum.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
Orleans ClusterId: one per release unless set.
*/}}
{{- define "district-sferum.clusterId" -}}
{{- default (include "district-sferum.fullname" .) .Values.orleans.clusterId }}
{{- end }}

{{/*
Silos that can run at once: the replicas (or the autoscaler's maximum) plus the one surge pod of a rolling update.
*/}}
{{- define "district-sferum.maxSilos" -}}
{{- $replicas := ternary .Values.autoscaling.maxReplicas .Values.replicaCount .Values.autoscaling.enabled | int }}
{{- add $replicas 1 }}
{{- end }}

{{/*
Each silo's pool size (it has two pools): the connection budget shared by every silo that can run at once, less
one connection for the migration Job. Empty when no budget is set.
*/}}
{{- define "district-sferum.maxPoolSize" -}}
{{- $budget := int .Values.database.connectionBudget }}
{{- if gt $budget 0 }}
{{- $jobs := ternary 1 0 .Values.database.migrationJob.enabled | int }}
{{- div (sub $budget $jobs) (mul 2 (include "district-sferum.maxSilos" . | int)) }}
{{- end }}
{{- end }}

{{/*
The gRPC URL scheme the server answers on.
*/}}
{{- define "district-sferum.grpcScheme" -}}
{{- if .Values.server.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{/*
Fail early on settings that cannot work.
*/}}
{{- define "district-sferum.validate" -}}
{{- if and (not .Values.existingSecret) (not .Values.database.connectionString) }}
{{- $fromEnv := false }}
{{- range .Values.extraEnv }}{{ if eq .name "ConnectionStrings__Sferum" }}{{ $fromEnv = true }}{{ end }}{{ end }}
{{- if not $fromEnv }}
{{- fail "database.connectionString is required (or set existingSecret, or a ConnectionStrings__Sferum entry in extraEnv)" }}
{{- end }}
{{- end }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add 35 (int .Values.preStopSleepSeconds) | int) }}
{{- fail "terminationGracePeriodSeconds must cover preStopSleepSeconds + the server's 30 s graceful shutdown + margin (>= preStopSleepSeconds + 35)" }}
{{- end }}
{{- if and .Values.server.tls.enabled (not .Values.server.tls.secretName) }}
{{- fail "server.tls.enabled needs server.tls.secretName (a Secret with the PFX certificate)" }}
{{- end }}
{{- if and (eq (lower .Values.identity.delivery.mode) "production") (not .Values.identity.delivery.smtp.host) (not .Values.identity.delivery.sms.url) }}
{{- fail "identity.delivery.mode Production (the default) needs identity.delivery.smtp.host and/or identity.delivery.sms.url, or nobody can receive a sign-in code. Only to try the chart out: identity.delivery.mode=Development (codes in the logs)" }}
{{- end }}
{{- if and (not .Values.existingSecret) (not .Values.keys.existingSecret) (or (not .Values.jwt.signingKey) (not .Values.audit.chainKey)) }}
{{- fail "keys.existingSecret is required: a Secret with jwt-signing-key and audit-chain-key, each base64 of >= 32 random bytes (see values.yaml: kubectl create secret generic sferum-keys ...). Or set both jwt.signingKey and audit.chainKey" }}
{{- end }}
{{- if and .Values.jwt.signingKey (eq .Values.jwt.signingKey .Values.audit.chainKey) }}
{{- fail "audit.chainKey must differ from jwt.signingKey" }}
{{- end }}
{{- $pool := include "district-sferum.maxPoolSize" . }}
{{- if and $pool (lt (int $pool) 5) }}
{{- fail (printf "database.connectionBudget %v is too small for %v silos with two pools each (needs >= %v)" .Values.database.connectionBudget (include "district-sferum.maxSilos" .) (mul 10 (include "district-sferum.maxSilos" . | int))) }}
{{- end }}
{{- end }}
