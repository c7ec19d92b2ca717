const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in an address that is not a UUID names nothing: callers answer 404, as for an unknown one. */
export const isUuid = (id: string): boolean => UUID.test(id);
