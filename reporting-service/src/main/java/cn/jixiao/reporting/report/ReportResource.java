package cn.jixiao.reporting.report;

import static cn.jixiao.reporting.problem.ApiResponses.BAD_QUERY;
import static cn.jixiao.reporting.problem.ApiResponses.FORBIDDEN;
import static cn.jixiao.reporting.problem.ApiResponses.NOT_ACCEPTABLE;
import static cn.jixiao.reporting.problem.ApiResponses.PROBLEM;
import static cn.jixiao.reporting.problem.ApiResponses.UNAUTHORIZED;

import cn.jixiao.reporting.export.Formats;
import cn.jixiao.reporting.export.ReportMedia;
import cn.jixiao.reporting.problem.ApiException;
import cn.jixiao.reporting.problem.Problem;
import cn.jixiao.reporting.report.ReportApi.FinanceReport;
import cn.jixiao.reporting.report.ReportApi.GapsReport;
import cn.jixiao.reporting.report.ReportApi.GradesReport;
import cn.jixiao.reporting.report.ReportApi.IndicatorsReport;
import cn.jixiao.reporting.report.ReportApi.RankingReport;
import cn.jixiao.reporting.report.ReportApi.TrendReport;
import cn.jixiao.reporting.report.ReportQueries.Scope;
import cn.jixiao.reporting.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

@Path("/api/v1/reports")
@Tag(name = "Reports", description = "District results (部门整体支出绩效评价结果) as JSON, CSV (UTF-8 with BOM) or XLSX, by Accept header or ?format=")
@RolesAllowed({Caller.VIEWER, Caller.REVIEWER, Caller.ADMIN, Caller.FILER})
@Produces({ReportMedia.JSON, ReportMedia.CSV, ReportMedia.XLSX})
public class ReportResource {

    static final String FORMAT = "json, csv or xlsx; overrides the Accept header";
    static final String CYCLE = "Only this evaluation cycle (评价批次) of the year; may be left out when the year has one cycle "
            + "(a year with several needs it: a department filing in two would count twice)";
    static final String GROUP = "Only departments of this group (部门分组)";
    static final String SIZE = "Page size; JSON answers 50 rows when absent, CSV and XLSX every row";
    static final String FILER_ROWS = " Filers see only their own department's rows (its district rank included).";
    /** A filer's statistics cover their own department alone, whatever the group or cycle asked for. */
    static final String FILER_FIGURES = " Filers get their own department's figures only.";

    @Inject
    ReportQueries queries;

    @Inject
    Caller caller;

    @GET
    @Path("/{year}/ranking")
    @Operation(summary = "Ranking of departments", description = "Departments by final score, highest first, with grade; ties share a rank (1, 1, 3). Paged." + FILER_ROWS)
    @APIResponse(responseCode = "200", description = "The ranking", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = RankingReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public RankingReport ranking(@PathParam("year") @Min(2000) @Max(2100) int year,
            @Parameter(description = CYCLE) @QueryParam("cycleId") Long cycleId,
            @Parameter(description = GROUP) @QueryParam("group") @Size(max = 100) String group,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(description = SIZE) @QueryParam("size") @Min(1) @Max(1000) Integer size,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        return queries.ranking(scope(year, cycleId, group), page, pageSize(size, headers));
    }

    @GET
    @Path("/{year}/grades")
    @Operation(summary = "Grade distribution", description = "How many departments got 优, 良, 中 and 差, with their share in percent. Read from the pre-aggregated table." + FILER_FIGURES)
    @APIResponse(responseCode = "200", description = "The distribution", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = GradesReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public GradesReport grades(@PathParam("year") @Min(2000) @Max(2100) int year,
            @Parameter(description = CYCLE) @QueryParam("cycleId") Long cycleId,
            @Parameter(description = GROUP) @QueryParam("group") @Size(max = 100) String group,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format) {
        return queries.grades(scope(year, cycleId, group));
    }

    @GET
    @Path("/{year}/indicators")
    @Operation(summary = "Indicator results", description = "Per level-3 indicator: average, lowest and highest final score, how many departments lost points and how many on average. Read from the pre-aggregated table." + FILER_FIGURES)
    @APIResponse(responseCode = "200", description = "One row per indicator, in rubric order", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = IndicatorsReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public IndicatorsReport indicators(@PathParam("year") @Min(2000) @Max(2100) int year,
            @Parameter(description = CYCLE) @QueryParam("cycleId") Long cycleId,
            @Parameter(description = GROUP) @QueryParam("group") @Size(max = 100) String group,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format) {
        return queries.indicators(scope(year, cycleId, group));
    }

    @GET
    @Path("/{year}/self-assessment-gaps")
    @Operation(summary = "Self-assessment against final score", description = "Per department: self-assessed total, final total and their gap (positive = over-scored, 自评虚高), with the department's record across years; largest gap first. Paged; the summary comes from the pre-aggregated table." + FILER_ROWS)
    @APIResponse(responseCode = "200", description = "The gaps", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = GapsReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public GapsReport gaps(@PathParam("year") @Min(2000) @Max(2100) int year,
            @Parameter(description = CYCLE) @QueryParam("cycleId") Long cycleId,
            @Parameter(description = GROUP) @QueryParam("group") @Size(max = 100) String group,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(description = SIZE) @QueryParam("size") @Min(1) @Max(1000) Integer size,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        return queries.gaps(scope(year, cycleId, group), page, pageSize(size, headers));
    }

    @GET
    @Path("/{year}/finance")
    @Operation(summary = "Finance totals", description = "Income, expenditure, balances, three public expenses and fixed assets (万元) summed over the departments, with the change against the year before (its cycle; when it had several, the one named by `previousCycleId`), absolute and in percent. Read from the pre-aggregated table." + FILER_FIGURES)
    @APIResponse(responseCode = "200", description = "One row per finance item", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = FinanceReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public FinanceReport finance(@PathParam("year") @Min(2000) @Max(2100) int year,
            @Parameter(description = CYCLE) @QueryParam("cycleId") Long cycleId,
            @Parameter(description = "The cycle of the year before to compare with; may be left out when that year has one cycle "
                    + "(a year with several needs it)") @QueryParam("previousCycleId") Long previousCycleId,
            @Parameter(description = GROUP) @QueryParam("group") @Size(max = 100) String group,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format) {
        return queries.finance(scope(year, cycleId, group), previousCycleId);
    }

    @GET
    @Path("/departments/{code}/trend")
    @Operation(summary = "A department across years", description = "Its final and self-assessed totals, grade and rank in every year and cycle, with the change against the row before. Filers: their own department only.")
    @APIResponse(responseCode = "200", description = "One row per year and cycle, oldest first", content = {
            @Content(mediaType = ReportMedia.JSON, schema = @Schema(implementation = TrendReport.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ReportMedia.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = BAD_QUERY, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No results for this department, or another department's (a filer gets the same answer for both)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = NOT_ACCEPTABLE, content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public TrendReport trend(@PathParam("code") @Size(max = 64) String code,
            @Parameter(description = FORMAT, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format) {
        String own = caller.restrictedToDepartment();
        if (own != null && !own.equals(code)) {
            throw ApiException.notFound("department", code);
        }
        return queries.trend(code);
    }

    private Scope scope(int year, Long cycleId, String group) {
        Scope s = new Scope(year, cycleId, group == null || group.isBlank() ? null : group.trim(), caller.restrictedToDepartment());
        queries.requireUnambiguous(s);
        return s;
    }

    private static Integer pageSize(Integer size, HttpHeaders headers) {
        if (size != null) {
            return size;
        }
        return Formats.spreadsheet(headers) ? null : 50;
    }
}
