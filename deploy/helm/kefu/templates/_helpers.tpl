{{/* Names, labels and the pod parts every Kefu process shares. */}}
{{- define "kefu.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kefu.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kefu.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "kefu.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "kefu.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "kefu.fullname" .)) -}}
{{- end -}}

{{- define "kefu.secretKeys" -}}
{{- if .Values.secrets.existingSecret -}}
{{- toJson .Values.secrets.keys -}}
{{- else -}}
{{- toJson (keys .Values.secrets.values | sortAlpha) -}}
{{- end -}}
{{- end -}}

{{/* Settings from the ConfigMap; secrets as files, named by *_FILE; mTLS files; telemetry. */}}
{{- define "kefu.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "kefu.fullname" . }}-config
env:
{{- range (include "kefu.secretKeys" . | fromJsonArray) }}
  - name: {{ . }}_FILE
    value: /run/secrets/kefu/{{ . }}
{{- end }}
{{- with .Values.temporal.tls }}
{{- if .secretName }}
  - name: TEMPORAL_TLS_CLIENT_CERT_PATH
    value: /run/secrets/temporal-tls/tls.crt
  - name: TEMPORAL_TLS_CLIENT_KEY_PATH
    value: /run/secrets/temporal-tls/tls.key
  - name: TEMPORAL_TLS_SERVER_CA_CERT_PATH
    value: /run/secrets/temporal-tls/ca.crt
{{- if .serverName }}
  - name: TEMPORAL_TLS_SERVER_NAME
    value: {{ .serverName | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if .Values.tracing.otlpEndpoint }}
  - name: KEFU_OTLP_ENDPOINT
    value: {{ .Values.tracing.otlpEndpoint | quote }}
{{- end }}
{{- if .Values.metrics.enabled }}
  - name: KEFU_METRICS_PORT
    value: {{ .Values.metrics.port | quote }}
{{- end }}
{{- end -}}

{{- define "kefu.volumeMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: secrets
    mountPath: /run/secrets/kefu
    readOnly: true
{{- if .Values.temporal.tls.secretName }}
  - name: temporal-tls
    mountPath: /run/secrets/temporal-tls
    readOnly: true
{{- end }}
{{- end -}}

{{- define "kefu.volumes" -}}
volumes:
  # tsx keeps its compiled files here; the root filesystem is read-only.
  - name: tmp
    emptyDir: {}
  - name: secrets
    secret:
      secretName: {{ include "kefu.secretName" . }}
      optional: true
{{- if .Values.temporal.tls.secretName }}
  - name: temporal-tls
    secret:
      secretName: {{ .Values.temporal.tls.secretName }}
{{- end }}
{{- end -}}

{{- define "kefu.podSpec" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{ include "kefu.volumes" . }}
{{- end -}}

{{- define "kefu.podAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/config.yaml") . | sha256sum }}
{{- if .Values.metrics.enabled }}
prometheus.io/scrape: 'true'
prometheus.io/port: {{ .Values.metrics.port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}
