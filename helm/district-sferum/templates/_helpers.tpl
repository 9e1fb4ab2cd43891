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
The JWT signing key: the configured one; else the one already in this release's Secret (so upgrades keep tokens
valid); else a new random one (64 random alphanumerics, about 380 bits, base64-encoded as the server expects).
`lookup` returns nothing under `helm template` and dry runs, which then show a fresh key.
*/}}
{{- define "district-sferum.jwtSigningKey" -}}
{{- if .Values.jwt.signingKey }}
{{- .Values.jwt.signingKey }}
{{- else }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "district-sferum.fullname" .) }}
{{- $data := dig "data" (dict) ($existing | default (dict)) }}
{{- if hasKey $data "Jwt__SigningKey" }}
{{- index $data "Jwt__SigningKey" | b64dec }}
{{- else }}
{{- randAlphaNum 64 | b64enc }}
{{- end }}
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
{{- fail "identity.delivery.mode Production needs identity.delivery.smtp.host and/or identity.delivery.sms.url, or nobody can receive a sign-in code" }}
{{- end }}
{{- end }}
