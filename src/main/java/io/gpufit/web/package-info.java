/**
 * The HTTP adapter: controllers, request and response shapes, and the mapping of every bad input
 * to a 400 {@code application/problem+json} that names the field.
 */
package io.gpufit.web;
