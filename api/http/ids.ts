/** The shape of every id in an address: anything else is a 404 before it reaches a query (where it would be a cast error). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
