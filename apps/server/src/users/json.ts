/**
 * How a user appears in the admin API: never the password hash, only whether there is one.
 *
 * @module
 */
import type { UserRow } from './users.js';

/** A user in API answers. */
export interface UserJson {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: UserRow['role'];
  readonly status: UserRow['status'];
  readonly createdAt: number;
  readonly hasPassword: boolean;
}

/** The API form of a user row. */
export function toUserJson(row: UserRow): UserJson {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, status: row.status, createdAt: row.created_at, hasPassword: row.password_hash !== null };
}
