import type { MeView } from '../../access';

/** `POST /api/auth/login`: the bearer token, when it expires, and the same user view as `GET /api/auth/me`. */
export interface LoginView {
  token: string;
  expiresAt: string;
  user: MeView;
}
