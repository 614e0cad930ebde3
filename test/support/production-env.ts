// An environment production accepts: every secret real and strong, every dev stand-in replaced.
export const productionEnv: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  OPERATOR_API_KEY: 'q7Vb2mX9LwR4tZ8nK3pH6yJ1cF5dG0sA',
  LINK_SIGNING_KEY: 'Hn4Wk8Qz2Rv6Xy1Tp5Lm9Bc3Df7Gj0Sa',
  PSEUDONYM_KEY: 'Zt3Pq7Lk1Mn5Vb9Xc2Rw6Hy0Jd4Fg8Ks',
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  PUBLIC_BASE_URL: 'https://onboarding.example',
  SMTP_URL: 'smtp://mail.example:25',
  OIDC_ISSUER: 'https://login.example',
  OIDC_CLIENT_SECRET: 'issued-by-the-login-provider',
  TEMPORAL_ADDRESS: 'temporal.example:7233',
  COMPANY_REGISTER_FILE: '/etc/onboarding/company-register.json',
  CASEWORKER_EMAIL: 'sagsbehandling@onboarding.example',
  METRICS_TOKEN: 'a-metrics-scrape-token-of-this-site',
};
