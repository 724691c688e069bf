import { Router } from 'express';
import { openApiDocument } from '../openapi/openapi.ts';

/** The API's own description, public like the documentation it is. */
export function openApiRoutes(): Router {
  const router = Router();
  const document = JSON.stringify(openApiDocument());
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/json').send(document);
  });
  return router;
}
