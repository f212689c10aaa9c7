{{- define "rung.labels" -}}
app.kubernetes.io/name: rung
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "rung.selector" -}}
app.kubernetes.io/name: rung
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rung.env" -}}
- name: SPRING_PROFILES_ACTIVE
  value: prod
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: /config/
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.database.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom: {secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: username}}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: password}}
- name: OPENAI_API_KEY
  valueFrom: {secretKeyRef: {name: {{ .Values.openai.existingSecret }}, key: api-key, optional: true}}
- name: HUBSPOT_WEBHOOK_SECRETS
  valueFrom: {secretKeyRef: {name: {{ .Values.webhooks.existingSecret }}, key: hubspot, optional: true}}
- name: ZENDESK_WEBHOOK_SECRETS
  valueFrom: {secretKeyRef: {name: {{ .Values.webhooks.existingSecret }}, key: zendesk, optional: true}}
- name: RUNG_PUBLIC_BASE_URL
  value: {{ .Values.webhooks.publicBaseUrl | quote }}
- name: HUBSPOT_PRIVATE_APP_TOKEN
  valueFrom: {secretKeyRef: {name: {{ .Values.deliveries.existingSecret }}, key: hubspot-token, optional: true}}
- name: ZENDESK_API_TOKEN
  valueFrom: {secretKeyRef: {name: {{ .Values.deliveries.existingSecret }}, key: zendesk-token, optional: true}}
- name: RUNG_CALLBACK_SECRET
  valueFrom: {secretKeyRef: {name: {{ .Values.deliveries.existingSecret }}, key: callback-secret, optional: true}}
{{- end -}}

{{- define "rung.securityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
capabilities: {drop: [ALL]}
{{- end -}}
