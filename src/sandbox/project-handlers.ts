import type { ApiHandler } from './api-context.js';
import { listBody, param } from './api-context.js';
import { canSeeProject, requirePermissions } from './auth.js';
import { badRequest } from './http-error.js';
import { jsonReply } from './http-io.js';

/** `GET /apiops/projects/`: only the projects the token can see; always the `status` envelope, as documented. */
export const listProjects: ApiHandler = (context, request) => {
  const projects = [...context.state.projects.values()]
    .filter((project) => canSeeProject(request.grants, project.name))
    .map((project) => ({ name: project.name, description: project.description }));
  return jsonReply(200, listBody('legacy', projects));
};

/** `GET /apiops/environments/{project}`: a missing project is 400 here, unlike everywhere else. */
export const listEnvironments: ApiHandler = (context, request) => {
  const name = param(request, 'project');
  const project = context.state.projects.get(name);
  if (!project || !canSeeProject(request.grants, name)) {
    throw badRequest(`Project not found for name: (${name}) or user does not have privilege to access it!`);
  }
  requirePermissions(request.grants, name, ['READ']);
  const environments = project.environments.map((environment) => ({
    id: environment.id,
    name: environment.name,
    description: environment.description,
    type: environment.type,
    status: 'ACTIVE',
    accessUrl: environment.accessUrl,
  }));
  return jsonReply(200, listBody(context.replyShape, environments));
};
