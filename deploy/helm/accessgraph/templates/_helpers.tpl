{{- define "accessgraph.labels" -}}
app.kubernetes.io/name: accessgraph
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
{{- define "accessgraph.selector" -}}
app.kubernetes.io/name: accessgraph
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
