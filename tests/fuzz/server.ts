export { startAppServer as startServer } from '../support/app-server';
