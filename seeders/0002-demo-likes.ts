import type { QueryInterface } from 'sequelize';
import { DEMO_EMAIL_DOMAIN, DEMO_USERNAME } from './0001-demo-users.js';

/**
 * So that trying the demo feels alive: about two in five demo users near the demo login have
 * already liked it (a `y` on them is a match), and one in ten passed on it. Deterministic:
 * chosen by a hash of the username, not at random.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(
    `INSERT INTO swipes (swiper_id, swipee_id, liked)
     SELECT u.id, d.id, abs(hashtext(u.username)) % 10 < 4
       FROM users d JOIN users u ON u.id <> d.id
      WHERE d.username = $1 AND u.complete AND lower(u.email) LIKE ('%@' || $2)
        AND abs(hashtext(u.username)) % 10 < 5
     ON CONFLICT DO NOTHING`,
    { bind: [DEMO_USERNAME, DEMO_EMAIL_DOMAIN] },
  );
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(
    `DELETE FROM swipes s USING users d, users u
      WHERE s.swipee_id = d.id AND s.swiper_id = u.id AND d.username = $1 AND lower(u.email) LIKE ('%@' || $2)`,
    { bind: [DEMO_USERNAME, DEMO_EMAIL_DOMAIN] },
  );
}
