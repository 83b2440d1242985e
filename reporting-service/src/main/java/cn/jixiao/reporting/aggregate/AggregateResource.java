package cn.jixiao.reporting.aggregate;

import static cn.jixiao.reporting.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.reporting.problem.ApiResponses.NOT_ACCEPTABLE;
import static cn.jixiao.reporting.problem.ApiResponses.PROBLEM;
import static cn.jixiao.reporting.problem.ApiResponses.UNAUTHORIZED;

import cn.jixiao.reporting.aggregate.AggregateApi.AggregateResult;
import cn.jixiao.reporting.export.Formats;
import cn.jixiao.reporting.export.ReportMedia;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.problem.Text;
import cn.jixiao.reporting.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports/aggregate")
@Tag(name = "Aggregate", description = "Measures by dimensions for dashboards, in the spirit of OpenSpending's babbage API")
@RolesAllowed({Caller.VIEWER, Caller.REVIEWER, Caller.ADMIN, Caller.FILER})
@Produces({ReportMedia.JSON, ReportMedia.CSV, ReportMedia.XLSX})
public class AggregateResource {

    static final String MEASURES = "Measures separated by |, each `name` (all its aggregations) or `name.aggregation`. "
            + "Department results: department_count (count), total_score, self_total_score (sum, avg, min, max), self_gap (sum, avg), "
            + "over_scored_count (count), income_total, expenditure_total, basic_expenditure, project_expenditure, balance_of_year, "
            + "accumulated_balance, three_public_total, fixed_assets_total (sum, avg). Indicator scores: scored_count (count), "
            + "final_score, computed_score, self_score (sum, avg, min, max), review_score, deduction (sum, avg), loss_count (count). "
            + "Averages are rounded half-up to 2 places.";
    static final String DIMENSIONS = "Dimensions separated by |: year, cycle, group, grade, department; for indicator measures also indicator, level1, level2";
    static final String CUTS = "Cuts `dimension:value` separated by |; a dimension cut twice matches either value";

    @Inject
    AggregateService service;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "Aggregate measures by dimensions",
            description = "E.g. `?measure=final_score&drilldown=indicator&cut=year:2020`. Reads the pre-aggregated tables; "
                    + "a query that involves single departments (drilldown or cut `department`) reads one row per department. "
                    + "Filers get only their own department's facts. Unknown names are refused with 400 naming them.")
    @APIResponse(responseCode = "200", description = "The cells, a summary over all selected facts, paging", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = AggregateResult.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "An unknown measure, aggregation, dimension, cut or order, or measures of both fact tables; "
            + "a CSV or XLSX without pageSize over " + MAX_PAGE + " cells; `errors` names each",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public AggregateResult aggregate(
            @Parameter(description = MEASURES, example = "final_score") @QueryParam("measure") @Size(max = 1000) String measure,
            @Parameter(description = DIMENSIONS, example = "indicator") @QueryParam("drilldown") @Size(max = 200) String drilldown,
            @Parameter(description = CUTS, example = "year:2020") @QueryParam("cut") @Size(max = 2000) String cut,
            @Parameter(description = "`measure.aggregation` or a drilldown dimension, `:asc` or `:desc`, separated by |; drilldown order otherwise")
            @QueryParam("order") @Size(max = 500) String order,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(description = "Cells per page; JSON answers " + JSON_PAGE + " when absent, CSV and XLSX every cell (up to " + MAX_PAGE + ")")
            @QueryParam("pageSize") @Min(1) @Max(MAX_PAGE) Integer pageSize,
            @Parameter(description = "json, csv or xlsx; overrides the Accept header", schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        // a spreadsheet carries no paging: without a page size it holds every cell, as the reports' do,
        // or is refused; cut at a page, its column totals would silently leave cells out
        boolean wholeFile = pageSize == null && Formats.spreadsheet(headers);
        int size = pageSize != null ? pageSize : wholeFile ? MAX_PAGE : JSON_PAGE;
        AggregateResult result = service.aggregate(measure, drilldown, cut, order, page, size, caller.restrictedToDepartment());
        if (wholeFile && result.totalCellCount() > size) {
            throw ApiException.invalid("pageSize", "too-many-cells", Text.of(
                    "共 " + result.totalCellCount() + " 个单元格，超过一个文件的上限 " + MAX_PAGE + "：请用 cut 缩小范围，或用 pageSize 和 page 分页导出",
                    result.totalCellCount() + " cells are more than one file holds (" + MAX_PAGE
                            + "): narrow them with cut, or export page by page with pageSize and page"));
        }
        return result;
    }

    static final int JSON_PAGE = 100;
    static final int MAX_PAGE = 10000;
}
