import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Pool } from '../db/pool.ts';
import type { Actor } from './actor.ts';

export const SESSION_COOKIE = 'gw_session';
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Compared against when the username is unknown, so a wrong username costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10);

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Actor['role'];
  jurisdiction: string;
  person_id: number | null;
  department_code: string | null;
  password_hash?: string;
}

const toActor = (u: UserRow): Actor => ({
  userId: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  jurisdiction: u.jurisdiction,
  personId: u.person_id,
  departmentCode: u.department_code,
});

/** Checks a password and opens a session; null when the username or password is wrong. */
export async function signIn(db: Pool, username: string, password: string): Promise<{ token: string; actor: Actor } | null> {
  const { rows } = await db.query<UserRow>(
    'select id, username, display_name, role, jurisdiction, person_id, department_code, password_hash from app_user where username = $1',
    [username],
  );
  const user = rows[0];
  const ok = await bcrypt.compare(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `insert into app_session (token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(secs => $3))`,
    [hashToken(token), user.id, SESSION_TTL_MS / 1000],
  );
  // Expired sessions are swept here rather than by a timer: sign-ins are rare and this keeps the table small.
  await db.query('delete from app_session where expires_at < now()');
  return { token, actor: toActor(user) };
}

export async function findSession(db: Pool, token: string): Promise<Actor | null> {
  const { rows } = await db.query<UserRow>(
    `select u.id, u.username, u.display_name, u.role, u.jurisdiction, u.person_id, u.department_code
     from app_session s join app_user u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`,
    [hashToken(token)],
  );
  return rows[0] ? toActor(rows[0]) : null;
}

export async function signOut(db: Pool, token: string): Promise<void> {
  await db.query('delete from app_session where token_hash = $1', [hashToken(token)]);
}
