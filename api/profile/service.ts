import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { User } from '../db/models.js';
import { problems } from '../http/problems.js';
import type { ProfileEdit } from './schemas.js';

export const REQUIRED_FOR_COMPLETE = ['hobbies', 'interests', 'zipCode', 'friendRadius'] as const;

export function missingFields(user: User): string[] {
  return REQUIRED_FOR_COMPLETE.filter((field) => {
    const value = user[field];
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

export function createProfileService(deps: { sequelize: Sequelize }) {
  return {
    async update(user: User, edit: ProfileEdit): Promise<User> {
      if (edit.zipCode !== undefined) {
        const found = await deps.sequelize.query('SELECT 1 FROM zip_codes WHERE zip = $1', { bind: [edit.zipCode], type: QueryTypes.SELECT });
        if (found.length === 0) throw problems.validation([{ field: 'zipCode', message: 'is not a known US ZIP code' }]);
      }
      try {
        // Only the validated, whitelisted fields reach the model: no mass assignment.
        return await user.update(edit, { fields: Object.keys(edit) as Array<keyof ProfileEdit> });
      } catch (err) {
        if (err instanceof UniqueConstraintError) throw problems.conflict('email', 'is already registered');
        throw err;
      }
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
