import https from "node:https";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import axios from "axios";

/**
 * msal-node's transport, trusting a local authority's CA and recording every URL it was asked to
 * reach, so a test can prove that no request left loopback.
 */
export function recordingNetwork(ca: string): INetworkModule & { urls: string[] } {
  const agent = new https.Agent({ ca, keepAlive: true });
  const urls: string[] = [];
  async function send<T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    urls.push(url);
    const response = await axios.request({
      method,
      url,
      headers: options?.headers ?? {},
      data: options?.body,
      httpsAgent: agent,
      validateStatus: () => true,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
    });
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) if (typeof value === "string") headers[key] = value;
    return { status: response.status, headers, body: JSON.parse(String(response.data || "{}")) as T };
  }
  return {
    urls,
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}
